package dev.sluice.connector.datagen;

import static dev.sluice.connector.testing.Columns.bigintColumn;
import static dev.sluice.connector.testing.Columns.booleanColumn;
import static dev.sluice.connector.testing.Columns.dateColumn;
import static dev.sluice.connector.testing.Columns.decimalColumn;
import static dev.sluice.connector.testing.Columns.doubleColumn;
import static dev.sluice.connector.testing.Columns.intColumn;
import static dev.sluice.connector.testing.Columns.schema;
import static dev.sluice.connector.testing.Columns.timestampColumn;
import static dev.sluice.connector.testing.Columns.varcharColumn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sluice.connector.Connectors;
import dev.sluice.connector.PartitionReader;
import dev.sluice.connector.ReaderRequest;
import dev.sluice.connector.Source;
import dev.sluice.connector.TableContext;
import dev.sluice.connector.testing.SourceReads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading datagen ranges: replays are identical, however the range is split, and every type is made. */
class DatagenReadTest {
    /** Every type, with NULLs in several of them, so that replay checks cover validity buffers too. */
    static final Schema ALL_TYPES = schema(bigintColumn("i"), intColumn("n"), booleanColumn("flag"),
            doubleColumn("price"), decimalColumn("amount", 10, 2), varcharColumn("name"), dateColumn("day"),
            timestampColumn("ts"));
    static final Map<String, String> ALL_TYPES_OPTIONS = Map.of(
            "number-of-rows", "5000",
            "seed", "42",
            "fields.n.kind", "random",
            "fields.n.null-rate", "0.1",
            "fields.flag.null-rate", "0.2",
            "fields.name.null-rate", "0.3",
            "fields.name.length", "13",
            "fields.amount.null-rate", "0.05");

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void closeAllocator() {
        allocator.close(); // fails the test if a reader leaked a buffer
    }

    @Test
    void sameRangeReadTwiceGivesIdenticalBatches() {
        Source driver = create(ALL_TYPES, ALL_TYPES_OPTIONS);
        SourceReads.Result first = SourceReads.read(driver, create(ALL_TYPES, ALL_TYPES_OPTIONS),
                new DatagenOffset(1000), new DatagenOffset(4000), 3, 512, allocator);
        SourceReads.Result again = SourceReads.read(driver, create(ALL_TYPES, ALL_TYPES_OPTIONS),
                new DatagenOffset(1000), new DatagenOffset(4000), 3, 512, allocator);
        // As after a restart: a fresh driver-side source plans the logged range again.
        Source restarted = create(ALL_TYPES, ALL_TYPES_OPTIONS);
        SourceReads.Result replayed = SourceReads.read(restarted, create(ALL_TYPES, ALL_TYPES_OPTIONS),
                new DatagenOffset(1000), new DatagenOffset(4000), 3, 512, allocator);

        assertEquals(3000, first.rows().size());
        assertEquals(first.partitions(), replayed.partitions());
        assertEquals(first.batchSizes(), replayed.batchSizes());
        assertEquals(first.batches().size(), replayed.batches().size());
        for (int batch = 0; batch < first.batches().size(); batch++) {
            assertArrayEquals(first.batches().get(batch), again.batches().get(batch), "batch " + batch);
            assertArrayEquals(first.batches().get(batch), replayed.batches().get(batch), "batch " + batch);
        }
    }

    @Test
    void differentSplitsGiveTheSameRows() {
        Source source = create(ALL_TYPES, ALL_TYPES_OPTIONS);
        List<List<Object>> whole = SourceReads.read(source, source, new DatagenOffset(0), new DatagenOffset(5000),
                1, 10_000, allocator).rows();
        List<List<Object>> split = SourceReads.read(source, source, new DatagenOffset(0), new DatagenOffset(5000),
                7, 333, allocator).rows();
        List<List<Object>> inTwoBatches = new ArrayList<>(SourceReads.read(source, source, new DatagenOffset(0),
                new DatagenOffset(2501), 2, 64, allocator).rows());
        inTwoBatches.addAll(SourceReads.read(source, source, new DatagenOffset(2501), new DatagenOffset(5000),
                3, 1, allocator).rows());
        assertEquals(whole, split);
        assertEquals(whole, inTwoBatches);
    }

    @Test
    void readerFillsBatchesOfTheRequestedSize() throws Exception {
        Source source = create(ALL_TYPES, ALL_TYPES_OPTIONS);
        SourceReads.Result result = SourceReads.read(source, source, new DatagenOffset(0), new DatagenOffset(1000),
                2, 128, allocator);
        assertEquals(List.of(128, 128, 128, 116, 128, 128, 128, 116), result.batchSizes());
        assertEquals(List.of("{\"startRow\":0,\"endRow\":500}", "{\"startRow\":500,\"endRow\":1000}"),
                result.partitions());
    }

    @Test
    void emptyPartitionHasNoBatch() throws Exception {
        Source source = create(ALL_TYPES, ALL_TYPES_OPTIONS);
        try (PartitionReader reader = source.createReader(
                new ReaderRequest(new DatagenPartition(7, 7), allocator, 100))) {
            assertFalse(reader.loadNextBatch());
            assertEquals(0, reader.root().getRowCount());
            assertEquals(ALL_TYPES, reader.root().getSchema());
        }
    }

    @Test
    void integerColumnsDefaultToTheRowIndex() {
        Schema schema = schema(bigintColumn("i"), intColumn("n"));
        Source source = create(schema, Map.of("number-of-rows", "100"));
        List<List<Object>> rows = SourceReads.read(source, source, source.initialOffset(),
                new DatagenOffset(100), 4, 16, allocator).rows();
        assertEquals(LongStream.range(0, 100).boxed().toList(), rows.stream().map(row -> row.get(0)).toList());
        assertEquals(LongStream.range(0, 100).mapToObj(i -> (int) i).toList(),
                rows.stream().map(row -> row.get(1)).toList());
    }

    @Test
    void addingAColumnLeavesTheOtherColumnsValuesAlone() {
        Map<String, String> options = Map.of("number-of-rows", "50", "seed", "7");
        List<Object> alone = column(schema(bigintColumn("i"), doubleColumn("x")), options, 1, 0, 50);
        List<Object> withMore = column(schema(varcharColumn("extra"), bigintColumn("i"), doubleColumn("x")),
                options, 2, 0, 50);
        assertEquals(alone, withMore);
    }

    @Test
    void seedChangesRandomValues() {
        Schema schema = schema(doubleColumn("x"));
        List<Object> seed1 = column(schema, Map.of("number-of-rows", "20", "seed", "1"), 0, 0, 20);
        List<Object> seed2 = column(schema, Map.of("number-of-rows", "20", "seed", "2"), 0, 0, 20);
        assertNotEquals(seed1, seed2);
        assertEquals(seed1, column(schema, Map.of("number-of-rows", "20", "seed", "1"), 0, 0, 20));
    }

    @Test
    void randomStringsOfNeighbouringRowsShareNoChunk() {
        List<Object> names = column(schema(varcharColumn("s")),
                Map.of("number-of-rows", "10", "fields.s.length", "24"), 0, 0, 10);
        for (int row = 0; row + 1 < names.size(); row++) {
            String current = (String) names.get(row);
            String next = (String) names.get(row + 1);
            assertNotEquals(current.substring(8, 16), next.substring(0, 8), "rows " + row + " and " + (row + 1));
        }
    }

    static Source create(Schema schema, Map<String, String> options) {
        Map<String, String> withConnector = new HashMap<>(options);
        withConnector.put("connector", "datagen");
        return Connectors.discover().createSource(TableContext.of("t", schema, withConnector));
    }

    private List<Object> column(Schema schema, Map<String, String> options, int column, long start, long end) {
        Source source = create(schema, options);
        return SourceReads.read(source, source, new DatagenOffset(start), new DatagenOffset(end), 1, 1000, allocator)
                .rows().stream().map(row -> row.get(column)).toList();
    }
}
