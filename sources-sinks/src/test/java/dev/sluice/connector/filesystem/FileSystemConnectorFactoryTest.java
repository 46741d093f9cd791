package dev.sluice.connector.filesystem;

import static dev.sluice.connector.filesystem.TestBatches.BIGINT;
import static dev.sluice.connector.filesystem.TestBatches.column;
import static dev.sluice.connector.filesystem.TestBatches.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.ReadLimit;
import dev.sluice.connector.Source;
import dev.sluice.connector.TableContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemConnectorFactoryTest {
    private static final Schema SCHEMA = schema(column("id", BIGINT));
    private final FileSystemConnectorFactory factory = new FileSystemConnectorFactory();

    @TempDir
    Path temp;

    private Map<String, String> options(String... keysAndValues) {
        Map<String, String> options = new HashMap<>(Map.of("connector", "filesystem"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            options.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return options;
    }

    private Source source(Schema schema, Map<String, String> options) {
        return factory.createSource(TableContext.of("orders", schema, options));
    }

    private String sourceError(Map<String, String> options) {
        return assertThrows(ConnectorException.class, () -> source(SCHEMA, options)).getMessage();
    }

    @Test
    void declaresItsOptions() {
        assertEquals("filesystem", factory.identifier());
        assertEquals(java.util.List.of("path", "format", "max-files-per-trigger"),
                factory.sourceOptions().stream().map(option -> option.key()).toList());
        assertEquals(java.util.List.of("path", "format"),
                factory.sinkOptions().stream().map(option -> option.key()).toList());
    }

    @Test
    void missingOptionsAreNamed() {
        assertEquals("table orders: missing required option 'path' (the directory of the table's files)",
                sourceError(options("format", "csv")));
        assertEquals("table orders: missing required option 'format' (the files' format: csv or json)",
                sourceError(options("path", temp.toString())));
    }

    @Test
    void parquetIsNotSupportedYetAndOtherFormatsAreUnknown() {
        assertEquals("table orders: format 'parquet' is not supported yet by the filesystem connector; use 'csv' or"
                + " 'json'", sourceError(options("path", temp.toString(), "format", "parquet")));
        assertEquals("table orders: unknown format 'xml' for the filesystem connector; supported: csv, json",
                sourceError(options("path", temp.toString(), "format", "xml")));
        assertEquals(FileFormat.JSON, FileFormat.fromOption("t", "JSON"));
    }

    @Test
    void maxFilesPerTriggerMustBeAPositiveNumber() {
        for (String bad : new String[] {"0", "-1", "many", "1.5"}) {
            assertEquals("table orders: option 'max-files-per-trigger' must be a positive whole number of files, got '"
                    + bad + "'", sourceError(options("path", temp.toString(), "format", "csv",
                            "max-files-per-trigger", bad)));
        }
        Source limited = source(SCHEMA, options("path", temp.toString(), "format", "csv",
                "max-files-per-trigger", "3"));
        assertEquals(ReadLimit.maxFiles(3), limited.defaultReadLimit());
    }

    @Test
    void aSinkTakesNoReadLimitAndUnknownOptionsAreRejected() {
        ConnectorException sinkError = assertThrows(ConnectorException.class, () -> factory.createSink(
                TableContext.of("out", SCHEMA, options("path", temp.toString(), "format", "csv",
                        "max-files-per-trigger", "3"))));
        assertTrue(sinkError.getMessage().startsWith("table out: unknown filesystem sink option"
                + " 'max-files-per-trigger'"), sinkError.getMessage());
        String typo = sourceError(options("path", temp.toString(), "format", "csv", "fromat", "csv"));
        assertTrue(typo.contains("unknown filesystem source option 'fromat' (did you mean 'format'?)"), typo);
    }

    @Test
    void onlyLocalPathsAndFileUrisAreSupported() {
        assertEquals("table orders: path 's3a://bucket/in' uses the scheme 's3a', which the filesystem connector does"
                + " not support yet; use a local path or a file: URI",
                sourceError(options("path", "s3a://bucket/in", "format", "csv")));
        FileSystemOptions fromUri = FileSystemOptions.parse("t", options("path", temp.toUri().toString(),
                "format", "csv"));
        assertEquals(temp.toAbsolutePath().normalize(), fromUri.path());
        FileSystemOptions relative = FileSystemOptions.parse("t", options("path", "data/in", "format", "csv"));
        assertTrue(relative.path().isAbsolute());
    }

    @Test
    void columnTypesWithoutAFileFormAreRejectedByName() {
        Schema floats = schema(column("id", BIGINT),
                column("ratio", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)));
        ConnectorException error = assertThrows(ConnectorException.class,
                () -> source(floats, options("path", temp.toString(), "format", "csv")));
        assertTrue(error.getMessage().startsWith("table orders: column 'ratio' has Arrow type FloatingPoint(SINGLE),"
                + " which the filesystem connector cannot read or write; supported: BOOLEAN, INT, BIGINT, DOUBLE,"
                + " DECIMAL(p,s), VARCHAR, DATE, TIMESTAMP(3)"), error.getMessage());
        Schema zoned = schema(column("ts", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")));
        assertThrows(ConnectorException.class, () -> source(zoned, options("path", temp.toString(), "format", "csv")));
    }
}
