package dev.sluice.connector;

import static java.util.Objects.requireNonNull;

/**
 * One option a connector accepts in {@code WITH (...)}.
 *
 * @param key the option's name; {@code #} stands for a column name ({@code fields.#.kind})
 * @param required whether a table must set it
 * @param defaultValue what applies when it is not set ({@code null} when there is no default)
 * @param description one line for error messages and docs
 */
public record ConnectorOption(String key, boolean required, String defaultValue, String description) {
    public ConnectorOption {
        requireNonNull(key, "key is null");
        requireNonNull(description, "description is null");
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("a required option has no default: " + key);
        }
    }

    public static ConnectorOption required(String key, String description) {
        return new ConnectorOption(key, true, null, description);
    }

    public static ConnectorOption optional(String key, String defaultValue, String description) {
        return new ConnectorOption(key, false, defaultValue, description);
    }

    /** Whether {@code candidate} is this option, with {@code #} matching one column name of the table. */
    public boolean matches(String candidate, java.util.Set<String> columnNames) {
        int hash = key.indexOf('#');
        if (hash < 0) {
            return key.equals(candidate);
        }
        String prefix = key.substring(0, hash);
        String suffix = key.substring(hash + 1);
        if (!candidate.startsWith(prefix) || !candidate.endsWith(suffix)
                || candidate.length() < prefix.length() + suffix.length() + 1) {
            return false;
        }
        return columnNames.contains(candidate.substring(prefix.length(), candidate.length() - suffix.length()));
    }
}
