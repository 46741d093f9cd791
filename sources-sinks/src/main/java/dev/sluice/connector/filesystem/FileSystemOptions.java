package dev.sluice.connector.filesystem;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.ConnectorException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The options of a filesystem table, checked.
 *
 * @param path the directory read from or written to, absolute
 * @param format how rows are laid out in files
 * @param maxFilesPerTrigger the most new files one batch reads (source only); empty for all
 */
public record FileSystemOptions(Path path, FileFormat format, OptionalInt maxFilesPerTrigger) {
    public static final String PATH = "path";
    public static final String FORMAT = "format";
    public static final String MAX_FILES_PER_TRIGGER = "max-files-per-trigger";

    public FileSystemOptions {
        requireNonNull(path, "path is null");
        requireNonNull(format, "format is null");
        requireNonNull(maxFilesPerTrigger, "maxFilesPerTrigger is null");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("path must be absolute: " + path);
        }
        if (maxFilesPerTrigger.isPresent() && maxFilesPerTrigger.getAsInt() < 1) {
            throw new IllegalArgumentException("maxFilesPerTrigger must be positive: " + maxFilesPerTrigger);
        }
    }

    /** Reads and checks a table's options (already checked for unknown and missing keys). */
    public static FileSystemOptions parse(String tableName, Map<String, String> options) {
        requireNonNull(tableName, "tableName is null");
        requireNonNull(options, "options is null");
        String path = options.get(PATH);
        if (path == null || path.isBlank()) {
            throw new ConnectorException("table " + tableName + ": option '" + PATH + "' must name a directory");
        }
        String format = options.get(FORMAT);
        if (format == null) {
            throw new ConnectorException("table " + tableName + ": missing required option '" + FORMAT
                    + "' (csv or json)");
        }
        return new FileSystemOptions(directory(tableName, path), FileFormat.fromOption(tableName, format),
                maxFiles(tableName, options.get(MAX_FILES_PER_TRIGGER)));
    }

    private static Path directory(String tableName, String location) {
        try {
            int colon = location.indexOf(':');
            // A scheme is two or more letters before "://" or "file:"; a one-letter prefix is a Windows drive.
            if (colon > 1 && location.substring(0, colon).matches("[a-zA-Z][a-zA-Z0-9+.-]*")
                    && (location.startsWith("//", colon + 1) || location.startsWith("file:"))) {
                URI uri = new URI(location);
                if (!"file".equalsIgnoreCase(uri.getScheme())) {
                    throw new ConnectorException("table " + tableName + ": path '" + location + "' uses the scheme '"
                            + uri.getScheme() + "', which the filesystem connector does not support yet;"
                            + " use a local path or a file: URI");
                }
                return Path.of(uri).toAbsolutePath().normalize();
            }
            return Path.of(location).toAbsolutePath().normalize(); // InvalidPathException is an IllegalArgumentException
        } catch (URISyntaxException | IllegalArgumentException invalid) {
            throw new ConnectorException("table " + tableName + ": option '" + PATH + "' is not a valid path: '"
                    + location + "' (" + invalid.getMessage() + ")");
        }
    }

    private static OptionalInt maxFiles(String tableName, String value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int files = Integer.parseInt(value.trim());
            if (files >= 1) {
                return OptionalInt.of(files);
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new ConnectorException("table " + tableName + ": option '" + MAX_FILES_PER_TRIGGER
                + "' must be a positive whole number of files, got '" + value + "'");
    }
}
