package dev.sluice.connector;

import static dev.sluice.connector.testing.Columns.bigintColumn;
import static dev.sluice.connector.testing.Columns.schema;
import static dev.sluice.connector.testing.Columns.timestampColumn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.connector.blackhole.BlackholeConnectorFactory;
import dev.sluice.connector.datagen.DatagenConnectorFactory;
import dev.sluice.connector.print.PrintConnectorFactory;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** The registry and the option checks every table goes through, driven with the built-in connectors. */
class ConnectorsTest {
    private static final Schema SCHEMA = schema(bigintColumn("i"), timestampColumn("ts"));

    private final Connectors connectors = Connectors.discover();

    @Test
    void discoversTheBuiltInConnectors() {
        assertInstanceOf(DatagenConnectorFactory.class, connectors.factory("datagen"));
        assertInstanceOf(PrintConnectorFactory.class, connectors.factory("print"));
        assertInstanceOf(BlackholeConnectorFactory.class, connectors.factory("blackhole"));
    }

    @Test
    void onlyTheFilesystemSinkRefusesUpdates() {
        // Files are only ever added; print and blackhole take any row, a replacing one too.
        assertFalse(connectors.factory("filesystem").sinkAcceptsUpdates());
        assertTrue(connectors.factory("print").sinkAcceptsUpdates());
        assertTrue(connectors.factory("blackhole").sinkAcceptsUpdates());
    }

    @Test
    void unknownConnectorListsTheKnownOnesAndTheClosest() {
        ConnectorException error = assertThrows(ConnectorException.class, () -> connectors.factory("datagne"));
        assertTrue(error.getMessage().startsWith("unknown connector 'datagne' (did you mean 'datagen'?);"
                + " known connectors: "), error.getMessage());
        for (String known : List.of("blackhole", "datagen", "print")) {
            assertTrue(error.getMessage().contains(known), error.getMessage());
        }
        ConnectorException farOff = assertThrows(ConnectorException.class, () -> connectors.factory("kafka"));
        assertTrue(farOff.getMessage().startsWith("unknown connector 'kafka'; known connectors: "),
                farOff.getMessage());
    }

    @Test
    void tableWithoutConnectorOptionIsRefused() {
        ConnectorException error = assertThrows(ConnectorException.class,
                () -> connectors.createSource(TableContext.of("t", SCHEMA, Map.of("number-of-rows", "5"))));
        assertEquals("table t has no 'connector' option; add WITH ('connector' = '...')", error.getMessage());
    }

    @Test
    void unknownOptionNamesTheClosestAndListsTheValidOnes() {
        ConnectorException error = assertThrows(ConnectorException.class, () -> connectors.createSource(
                TableContext.of("t", SCHEMA, Map.of("connector", "datagen", "rows-per-secnd", "5"))));
        assertEquals("table t: unknown datagen source option 'rows-per-secnd' (did you mean 'rows-per-second'?);"
                + " valid options: rows-per-second, number-of-rows, rows-per-batch, seed, fields.#.kind,"
                + " fields.#.start, fields.#.end, fields.#.min, fields.#.max, fields.#.length, fields.#.null-rate",
                error.getMessage());
    }

    @Test
    void unknownSinkOptionIsRefusedToo() {
        ConnectorException error = assertThrows(ConnectorException.class, () -> connectors.createSink(
                TableContext.of("out", SCHEMA, Map.of("connector", "print", "print-identifer", "x"))));
        assertEquals("table out: unknown print sink option 'print-identifer' (did you mean 'print-identifier'?);"
                + " valid options: print-identifier, standard-error", error.getMessage());
    }

    @Test
    void missingRequiredOptionIsNamedWithItsDescription() {
        List<ConnectorOption> accepted = List.of(ConnectorOption.required("path", "the directory to read"),
                ConnectorOption.optional("format", "csv", "csv, json or parquet"));
        ConnectorException error = assertThrows(ConnectorException.class, () -> Connectors.validate("files",
                "source", SCHEMA, Map.of("connector", "filesystem", "format", "json"), accepted));
        assertEquals("table files: missing required option 'path' (the directory to read)", error.getMessage());
    }

    @Test
    void defaultsAreFilledInAndTheConnectorOptionLeftOut() {
        Map<String, String> datagen = Connectors.validate("t", "source", SCHEMA,
                Map.of("connector", "datagen", "number-of-rows", "10"), new DatagenConnectorFactory().sourceOptions());
        assertEquals(Map.of("number-of-rows", "10", "seed", "0"), datagen);
        Map<String, String> print = Connectors.validate("out", "sink", SCHEMA, Map.of("connector", "print"),
                new PrintConnectorFactory().sinkOptions());
        assertEquals(Map.of("standard-error", "false"), print);
    }

    @Test
    void columnOptionsAreAcceptedOnlyForRealColumns() {
        List<ConnectorOption> accepted = new DatagenConnectorFactory().sourceOptions();
        Map<String, String> valid = Connectors.validate("t", "source", SCHEMA,
                Map.of("connector", "datagen", "fields.i.kind", "random", "fields.ts.start", "2024-01-01 00:00:00"),
                accepted);
        assertEquals("random", valid.get("fields.i.kind"));
        assertEquals("2024-01-01 00:00:00", valid.get("fields.ts.start"));

        ConnectorException missingColumn = assertThrows(ConnectorException.class, () -> Connectors.validate("t",
                "source", SCHEMA, Map.of("connector", "datagen", "fields.j.kind", "random"), accepted));
        assertTrue(missingColumn.getMessage().startsWith("table t: unknown datagen source option 'fields.j.kind'"),
                missingColumn.getMessage());
        ConnectorException emptyColumn = assertThrows(ConnectorException.class, () -> Connectors.validate("t",
                "source", SCHEMA, Map.of("connector", "datagen", "fields..kind", "random"), accepted));
        assertTrue(emptyColumn.getMessage().startsWith("table t: unknown datagen source option 'fields..kind'"),
                emptyColumn.getMessage());
        ConnectorException unknownName = assertThrows(ConnectorException.class, () -> Connectors.validate("t",
                "source", SCHEMA, Map.of("connector", "datagen", "fields.i.knd", "random"), accepted));
        assertTrue(unknownName.getMessage().contains("'fields.i.knd' (did you mean 'fields.#.kind'?)"),
                unknownName.getMessage());
    }

    @Test
    void sinkOnlyConnectorCannotBeASource() {
        ConnectorException error = assertThrows(ConnectorException.class, () -> connectors.createSource(
                TableContext.of("t", SCHEMA, Map.of("connector", "blackhole"))));
        assertEquals("connector 'blackhole' cannot be read from (table t); it is a sink only", error.getMessage());
        ConnectorException notSink = assertThrows(ConnectorException.class, () -> connectors.createSink(
                TableContext.of("t", SCHEMA, Map.of("connector", "datagen"))));
        assertEquals("connector 'datagen' cannot be written to (table t); it is a source only", notSink.getMessage());
    }
}
