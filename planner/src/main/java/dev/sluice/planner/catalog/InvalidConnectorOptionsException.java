package dev.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Thrown by a {@link ConnectorOptionsValidator}: what is wrong with a table's options. */
public final class InvalidConnectorOptionsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String optionKey;

    /**
     * @param optionKey the option the problem is about, so the error can point at it; null when it is about no
     *     single option written in the DDL (a required option that is missing)
     * @param message the problem in plain words
     */
    public InvalidConnectorOptionsException(String optionKey, String message) {
        super(requireNonNull(message, "message is null"));
        this.optionKey = optionKey;
    }

    public Optional<String> optionKey() {
        return Optional.ofNullable(optionKey);
    }
}
