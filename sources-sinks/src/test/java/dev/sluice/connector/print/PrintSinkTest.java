package dev.sluice.connector.print;

import static dev.sluice.connector.testing.Batches.row;
import static dev.sluice.connector.testing.Columns.bigintColumn;
import static dev.sluice.connector.testing.Columns.booleanColumn;
import static dev.sluice.connector.testing.Columns.dateColumn;
import static dev.sluice.connector.testing.Columns.decimalColumn;
import static dev.sluice.connector.testing.Columns.doubleColumn;
import static dev.sluice.connector.testing.Columns.intColumn;
import static dev.sluice.connector.testing.Columns.schema;
import static dev.sluice.connector.testing.Columns.timestampColumn;
import static dev.sluice.connector.testing.Columns.varcharColumn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.Connectors;
import dev.sluice.connector.Sink;
import dev.sluice.connector.SinkCommitRequest;
import dev.sluice.connector.SinkWriter;
import dev.sluice.connector.TableContext;
import dev.sluice.connector.WriterRequest;
import dev.sluice.connector.testing.Batches;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrintSinkTest {
    private static final Schema ALL_TYPES = schema(bigintColumn("i"), intColumn("n"), booleanColumn("flag"),
            doubleColumn("price"), decimalColumn("amount", 10, 2), varcharColumn("name"), dateColumn("day"),
            timestampColumn("ts"));
    private static final List<List<Object>> ROWS = List.of(
            row(1L, 7, true, 1.5, new BigDecimal("12.50"), "apple", LocalDate.of(2024, 3, 1),
                    LocalDateTime.of(2024, 3, 1, 12, 30, 15, 123_000_000)),
            row(null, null, null, null, null, null, null, null),
            row(-2L, -3, false, 1.0E-5, new BigDecimal("-0.05"), "", LocalDate.of(1969, 12, 31),
                    LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000)),
            row(Long.MAX_VALUE, 0, true, 1.0E20, new BigDecimal("0.00"), "café, ☕", LocalDate.of(2024, 2, 29),
                    LocalDateTime.of(2024, 2, 29, 0, 0)));
    private static final String NL = System.lineSeparator();

    private final BufferAllocator allocator = new RootAllocator();
    private final CountingOutputStream bytes = new CountingOutputStream();
    private final PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    @Test
    void printsEveryTypeAndNullsAsFlinkDoes() throws Exception {
        write(new PrintSink(out, null), ROWS);
        assertEquals("+I[1, 7, true, 1.5, 12.50, apple, 2024-03-01, 2024-03-01 12:30:15.123]" + NL
                + "+I[null, null, null, null, null, null, null, null]" + NL
                + "+I[-2, -3, false, 1.0E-5, -0.05, , 1969-12-31, 1969-12-31 23:59:59.999]" + NL
                + "+I[9223372036854775807, 0, true, 1.0E20, 0.00, café, ☕, 2024-02-29, 2024-02-29 00:00:00.000]" + NL,
                bytes.text());
    }

    @Test
    void identifierPrefixesEveryRow() throws Exception {
        write(new PrintSink(out, "orders"), ROWS.subList(0, 2));
        assertEquals("orders> +I[1, 7, true, 1.5, 12.50, apple, 2024-03-01, 2024-03-01 12:30:15.123]" + NL
                + "orders> +I[null, null, null, null, null, null, null, null]" + NL, bytes.text());
    }

    @Test
    void flushesOncePerBatchAndReportsItsRows() throws Exception {
        PrintSink sink = new PrintSink(out, null);
        try (SinkWriter writer = sink.createWriter(new WriterRequest("query", 3, 0, allocator))) {
            try (VectorSchemaRoot batch = Batches.build(allocator, ALL_TYPES, ROWS)) {
                writer.write(batch);
                assertEquals(1, bytes.flushes);
                writer.write(batch);
                assertEquals(2, bytes.flushes);
            }
            try (VectorSchemaRoot empty = Batches.build(allocator, ALL_TYPES, List.of())) {
                writer.write(empty);
                assertEquals(2, bytes.flushes, "an empty batch prints nothing");
            }
            assertEquals("{\"rows\":8}", writer.commit());
        }
        assertEquals(8, bytes.text().lines().count());
    }

    @Test
    void factoryPrintsToStandardOutputOrError() throws Exception {
        PrintStream originalOut = System.out;
        PrintStream originalError = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedError = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedError, true, StandardCharsets.UTF_8));
            write(sink(Map.of("print-identifier", "out")), ROWS.subList(1, 2));
            write(sink(Map.of("standard-error", "true")), ROWS.subList(1, 2));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalError);
        }
        assertEquals("out> +I[null, null, null, null, null, null, null, null]" + NL,
                captured.toString(StandardCharsets.UTF_8));
        assertEquals("+I[null, null, null, null, null, null, null, null]" + NL,
                capturedError.toString(StandardCharsets.UTF_8));
    }

    @Test
    void standardErrorMustBeABoolean() {
        ConnectorException error = assertThrows(ConnectorException.class,
                () -> sink(Map.of("standard-error", "yes")));
        assertEquals("print table out: option 'standard-error' = 'yes': expected 'true' or 'false'",
                error.getMessage());
    }

    @Test
    void printCannotBeReadFrom() {
        ConnectorException error = assertThrows(ConnectorException.class, () -> Connectors.discover()
                .createSource(TableContext.of("out", ALL_TYPES, Map.of("connector", "print"))));
        assertEquals("connector 'print' cannot be read from (table out); it is a sink only", error.getMessage());
    }

    private static Sink sink(Map<String, String> options) {
        Map<String, String> withConnector = new java.util.HashMap<>(options);
        withConnector.put("connector", "print");
        return Connectors.discover().createSink(TableContext.of("out", ALL_TYPES, withConnector));
    }

    private void write(Sink sink, List<List<Object>> rows) throws Exception {
        try (SinkWriter writer = sink.createWriter(new WriterRequest("query", 0, 0, allocator));
                VectorSchemaRoot batch = Batches.build(allocator, ALL_TYPES, rows)) {
            writer.write(batch);
            String message = writer.commit();
            sink.commit(new SinkCommitRequest("query", 0, List.of(message)));
        }
    }

    /** Keeps what is written and counts flushes, to check that the sink flushes once per batch. */
    private static final class CountingOutputStream extends ByteArrayOutputStream {
        int flushes;

        @Override
        public void flush() {
            flushes++;
        }

        String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }
}
