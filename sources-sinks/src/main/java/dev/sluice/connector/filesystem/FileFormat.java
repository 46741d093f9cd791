package dev.sluice.connector.filesystem;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.filesystem.csv.CsvDecoder;
import dev.sluice.connector.filesystem.csv.CsvEncoder;
import dev.sluice.connector.filesystem.format.Column;
import dev.sluice.connector.filesystem.format.RecordDecoder;
import dev.sluice.connector.filesystem.format.RecordEncoder;
import dev.sluice.connector.filesystem.json.JsonDecoder;
import dev.sluice.connector.filesystem.json.JsonEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The {@code format} option: how rows are laid out in a file. */
public enum FileFormat {
    CSV("csv"),
    JSON("json");

    private final String extension;

    FileFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension the sink writes, without the dot. */
    public String extension() {
        return extension;
    }

    /** The format a table's {@code format} option names (any letter case). */
    public static FileFormat fromOption(String tableName, String value) {
        requireNonNull(value, "value is null");
        switch (value.toLowerCase(Locale.ROOT)) {
            case "csv":
                return CSV;
            case "json":
                return JSON;
            case "parquet":
                throw new ConnectorException("table " + tableName + ": format 'parquet' is not supported yet by the"
                        + " filesystem connector; use 'csv' or 'json'");
            default:
                throw new ConnectorException("table " + tableName + ": unknown format '" + value
                        + "' for the filesystem connector; supported: csv, json");
        }
    }

    /** Opens {@code file} for reading as this format. */
    public RecordDecoder openDecoder(Path file, List<Column> columns) throws IOException {
        switch (this) {
            case CSV:
                return new CsvDecoder(Files.newInputStream(file), file.toString(), columns);
            case JSON:
                return new JsonDecoder(file, columns);
        }
        throw new AssertionError(this);
    }

    /**
     * An encoder writing this format to {@code output}.
     *
     * @param destination the file being written, for messages
     */
    public RecordEncoder newEncoder(OutputStream output, String destination, List<Column> columns) throws IOException {
        switch (this) {
            case CSV:
                return new CsvEncoder(output, destination, columns);
            case JSON:
                return new JsonEncoder(output, destination, columns);
        }
        throw new AssertionError(this);
    }
}
