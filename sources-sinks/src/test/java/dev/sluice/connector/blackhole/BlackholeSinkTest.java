package dev.sluice.connector.blackhole;

import static dev.sluice.connector.testing.Batches.row;
import static dev.sluice.connector.testing.Columns.bigintColumn;
import static dev.sluice.connector.testing.Columns.schema;
import static dev.sluice.connector.testing.Columns.varcharColumn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.Connectors;
import dev.sluice.connector.Sink;
import dev.sluice.connector.SinkCommitRequest;
import dev.sluice.connector.SinkWriter;
import dev.sluice.connector.TableContext;
import dev.sluice.connector.WriterRequest;
import dev.sluice.connector.testing.Batches;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BlackholeSinkTest {
    private static final Schema SCHEMA = schema(bigintColumn("i"), varcharColumn("s"));

    private final BufferAllocator allocator = new RootAllocator();
    private final List<VectorSchemaRoot> batches = new ArrayList<>();

    @AfterEach
    void closeBatchesThenAllocator() {
        batches.forEach(VectorSchemaRoot::close);
        allocator.close();
    }

    @Test
    void writerCountsTheRowsOfItsBatches() throws Exception {
        try (SinkWriter writer = sink().createWriter(new WriterRequest("query", 0, 1, allocator))) {
            writer.write(batchOf(5));
            writer.write(batchOf(0));
            writer.write(batchOf(7));
            assertEquals("{\"rows\":12}", writer.commit());
        }
    }

    @Test
    void abortedWriterStartsCountingAgain() throws Exception {
        try (SinkWriter writer = sink().createWriter(new WriterRequest("query", 0, 0, allocator))) {
            writer.write(batchOf(3));
            writer.abort();
            assertEquals("{\"rows\":0}", writer.commit());
        }
    }

    @Test
    void commitAddsEachBatchOncePerQuery() {
        BlackholeSink sink = sink();
        sink.commit(new SinkCommitRequest("query", 0, List.of("{\"rows\":12}", "{\"rows\":3}")));
        assertEquals(15, sink.committedRows());
        sink.commit(new SinkCommitRequest("query", 0, List.of("{\"rows\":12}", "{\"rows\":3}")));
        assertEquals(15, sink.committedRows(), "a replayed batch is not counted twice");
        sink.commit(new SinkCommitRequest("query", 1, List.of("{\"rows\":1}")));
        sink.commit(new SinkCommitRequest("other query", 0, List.of("{\"rows\":100}")));
        assertEquals(116, sink.committedRows());
    }

    @Test
    void unreadableCommitMessageIsNamed() {
        ConnectorException error = assertThrows(ConnectorException.class,
                () -> sink().commit(new SinkCommitRequest("q", 4, List.of("{\"rows\":-1}"))));
        assertEquals("blackhole sink, query q batch 4: cannot read commit message {\"rows\":-1}; expected"
                + " {\"rows\":N}", error.getMessage());
    }

    @Test
    void blackholeTakesNoOptions() {
        ConnectorException error = assertThrows(ConnectorException.class, () -> Connectors.discover().createSink(
                TableContext.of("sink", SCHEMA, Map.of("connector", "blackhole", "path", "/x", "format", "csv"))));
        assertEquals("table sink: unknown blackhole sink option 'format'; this connector takes no options",
                error.getMessage());
    }

    private static BlackholeSink sink() {
        Sink sink = Connectors.discover().createSink(TableContext.of("sink", SCHEMA, Map.of("connector",
                "blackhole")));
        return assertInstanceOf(BlackholeSink.class, sink);
    }

    private VectorSchemaRoot batchOf(int rows) {
        List<List<Object>> values = new ArrayList<>();
        for (long index = 0; index < rows; index++) {
            values.add(row(index, "row " + index));
        }
        VectorSchemaRoot batch = Batches.build(allocator, SCHEMA, values);
        batches.add(batch);
        return batch;
    }
}
