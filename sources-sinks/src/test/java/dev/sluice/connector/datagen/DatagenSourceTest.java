package dev.sluice.connector.datagen;

import static dev.sluice.connector.testing.Columns.bigintColumn;
import static dev.sluice.connector.testing.Columns.schema;
import static dev.sluice.connector.testing.Columns.timestampColumn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.checkpoint.LocalPublishOnceStore;
import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.Connectors;
import dev.sluice.connector.InputPartition;
import dev.sluice.connector.LatestOffsetRequest;
import dev.sluice.connector.Offset;
import dev.sluice.connector.PlanPartitionsRequest;
import dev.sluice.connector.ReadLimit;
import dev.sluice.connector.Source;
import dev.sluice.connector.SourceLog;
import dev.sluice.connector.TableContext;
import dev.sluice.connector.log.CheckpointSourceLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver side of datagen: offsets, rate, read limits, the bounded end, available-now, partitions. */
class DatagenSourceTest {
    private static final Schema SCHEMA = schema(bigintColumn("i"), timestampColumn("ts"));
    /** An arbitrary wall time, far from zero so that a start time of 0 would show. */
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path checkpoint;

    @Test
    void offsetsAreRowCountsInJson() {
        Source source = create(Map.of("number-of-rows", "10"));
        assertEquals("{\"rows\":0}", source.initialOffset().json());
        Offset offset = source.offsetFromJson("{\"rows\":1234}");
        assertEquals("{\"rows\":1234}", offset.json());
        assertEquals(new DatagenOffset(1234), offset);
    }

    @Test
    void unreadableOffsetNamesTableAndJson() {
        Source source = create(Map.of("number-of-rows", "10"));
        ConnectorException notJson = assertThrows(ConnectorException.class, () -> source.offsetFromJson("{rows"));
        assertTrue(notJson.getMessage().startsWith("datagen table t: cannot read offset {rows: not JSON"),
                notJson.getMessage());
        ConnectorException negative = assertThrows(ConnectorException.class,
                () -> source.offsetFromJson("{\"rows\":-1}"));
        assertEquals("datagen table t: cannot read offset {\"rows\":-1}: 'rows' must be a whole number, 0 or more",
                negative.getMessage());
        ConnectorException otherField = assertThrows(ConnectorException.class,
                () -> source.offsetFromJson("{\"files\":3}"));
        assertEquals("datagen table t: cannot read offset {\"files\":3}: expected the fields rows",
                otherField.getMessage());
    }

    @Test
    void boundedSourceWithoutRateHasEveryRowAtOnceAndEndsThere() {
        Source source = create(Map.of("number-of-rows", "100"));
        assertTrue(source.isBounded());
        assertEquals(ReadLimit.ALL_AVAILABLE, source.defaultReadLimit());
        Offset end = latest(source, source.initialOffset());
        assertEquals(new DatagenOffset(100), end);
        assertEquals(end, latest(source, end), "nothing after the end");
        assertEquals(new DatagenOffset(100), source.latestOffset(
                new LatestOffsetRequest(new DatagenOffset(40), ReadLimit.maxRows(1_000_000))));
    }

    @Test
    void sourceWithoutNumberOfRowsIsUnbounded() {
        Source source = create(Map.of());
        assertFalse(source.isBounded());
        assertFalse(source.reachedEnd(new DatagenOffset(Long.MAX_VALUE)));
    }

    @Test
    void readLimitCutsBatchesOfRowsPerBatch() {
        Source source = create(Map.of("number-of-rows", "1000", "rows-per-batch", "300"));
        assertEquals(ReadLimit.maxRows(300), source.defaultReadLimit());
        List<Long> ends = new ArrayList<>();
        Offset offset = source.initialOffset();
        for (int batch = 0; batch < 5; batch++) {
            offset = latest(source, offset);
            ends.add(((DatagenOffset) offset).rows());
        }
        assertEquals(List.of(300L, 600L, 900L, 1000L, 1000L), ends);
    }

    @Test
    void fileLimitDoesNotApplyToAGenerator() {
        Source source = create(Map.of("number-of-rows", "1000"));
        assertEquals(new DatagenOffset(1000), source.latestOffset(
                new LatestOffsetRequest(source.initialOffset(), ReadLimit.maxFiles(1))));
    }

    @Test
    void rateMakesRowsAvailableWithWallTime() throws Exception {
        ManualClock clock = new ManualClock(T0);
        SourceLog log = new CheckpointSourceLog(new LocalPublishOnceStore(checkpoint), 0);
        DatagenSource source = sourceWithClock(Map.of("rows-per-second", "1000"), log, clock);
        assertEquals(new DatagenOffset(0), latest(source, source.initialOffset()), "no time has passed");
        clock.advance(250);
        assertEquals(new DatagenOffset(250), latest(source, source.initialOffset()));
        clock.advance(1001);
        assertEquals(new DatagenOffset(1251), latest(source, new DatagenOffset(250)));
        assertEquals(Optional.of("{\"startTimeMillis\":" + T0 + "}"), log.get(DatagenSource.START_TIME_ENTRY));
    }

    @Test
    void rateIsCappedByNumberOfRowsAndByReadLimit() {
        ManualClock clock = new ManualClock(T0);
        SourceLog log = new CheckpointSourceLog(new LocalPublishOnceStore(checkpoint), 0);
        DatagenSource source = sourceWithClock(
                Map.of("rows-per-second", "100", "number-of-rows", "250", "rows-per-batch", "120"), log, clock);
        assertTrue(source.isBounded());
        assertEquals(new DatagenOffset(0), latest(source, source.initialOffset()));
        clock.advance(1_000);
        assertEquals(new DatagenOffset(100), latest(source, new DatagenOffset(0)), "rate");
        clock.advance(10_000);
        assertEquals(new DatagenOffset(220), latest(source, new DatagenOffset(100)), "read limit");
        assertFalse(source.reachedEnd(new DatagenOffset(220)), "nothing new yet is not the end");
        assertEquals(new DatagenOffset(250), latest(source, new DatagenOffset(220)), "number of rows");
        assertTrue(source.reachedEnd(new DatagenOffset(250)));
    }

    @Test
    void restartKeepsTheStartTimeFromTheSourceLog() throws Exception {
        ManualClock clock = new ManualClock(T0);
        Map<String, String> options = Map.of("rows-per-second", "10");
        DatagenSource first = sourceWithClock(options,
                new CheckpointSourceLog(new LocalPublishOnceStore(checkpoint), 0), clock);
        assertEquals(new DatagenOffset(0), latest(first, first.initialOffset()), "the first call starts the rate");
        clock.advance(3_000);
        assertEquals(new DatagenOffset(30), latest(first, first.initialOffset()));

        // A new process: a new source instance over the same checkpoint, five seconds later.
        clock.advance(5_000);
        DatagenSource restarted = sourceWithClock(options,
                new CheckpointSourceLog(new LocalPublishOnceStore(checkpoint), 0), clock);
        assertEquals(new DatagenOffset(80), latest(restarted, new DatagenOffset(30)),
                "8 s after the original start, not 0 s after the restart");
    }

    @Test
    void rateNeedsTheDriverSideLog() {
        DatagenSource executorSide = sourceWithClock(Map.of("rows-per-second", "10"), SourceLog.UNAVAILABLE,
                new ManualClock(T0));
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> latest(executorSide, executorSide.initialOffset()));
        assertTrue(error.getMessage().contains("datagen table t has a rate"), error.getMessage());
    }

    @Test
    void availableNowPinsTheRowsDueAtThatMoment() {
        ManualClock clock = new ManualClock(T0);
        DatagenSource source = sourceWithClock(Map.of("rows-per-second", "100"),
                new CheckpointSourceLog(new LocalPublishOnceStore(checkpoint), 0), clock);
        assertEquals(new DatagenOffset(0), latest(source, source.initialOffset()));
        clock.advance(2_000);
        source.prepareForAvailableNow();
        clock.advance(60_000);
        assertEquals(new DatagenOffset(200), latest(source, source.initialOffset()));
        assertEquals(new DatagenOffset(200), latest(source, new DatagenOffset(200)));
    }

    @Test
    void availableNowOfABoundedSourceWithoutRatePinsEveryRow() {
        Source source = create(Map.of("number-of-rows", "500", "rows-per-batch", "200"));
        source.prepareForAvailableNow();
        assertEquals(new DatagenOffset(200), latest(source, source.initialOffset()));
        assertEquals(new DatagenOffset(500), latest(source, new DatagenOffset(400)));
    }

    @Test
    void availableNowOfARateSourceIsCappedByNumberOfRows() {
        ManualClock clock = new ManualClock(T0);
        DatagenSource source = sourceWithClock(Map.of("rows-per-second", "100", "number-of-rows", "150"),
                new CheckpointSourceLog(new LocalPublishOnceStore(checkpoint), 0), clock);
        latest(source, source.initialOffset());
        clock.advance(5_000);
        source.prepareForAvailableNow();
        assertEquals(new DatagenOffset(150), latest(source, source.initialOffset()));
    }

    @Test
    void partitionsAreContiguousAndEven() {
        Source source = create(Map.of("number-of-rows", "1000"));
        List<InputPartition> partitions = source.planInputPartitions(
                new PlanPartitionsRequest(new DatagenOffset(100), new DatagenOffset(110), 3, 3));
        assertEquals(List.of("{\"startRow\":100,\"endRow\":104}", "{\"startRow\":104,\"endRow\":107}",
                "{\"startRow\":107,\"endRow\":110}"), partitions.stream().map(InputPartition::json).toList());
        for (InputPartition partition : partitions) {
            assertEquals(partition, source.partitionFromJson(partition.json()));
        }
    }

    @Test
    void fewRowsMakeFewerPartitionsThanParallelism() {
        Source source = create(Map.of("number-of-rows", "1000"));
        assertEquals(2, source.planInputPartitions(
                new PlanPartitionsRequest(new DatagenOffset(5), new DatagenOffset(7), 0, 8)).size());
        assertEquals(List.of(), source.planInputPartitions(
                new PlanPartitionsRequest(new DatagenOffset(7), new DatagenOffset(7), 0, 8)));
    }

    @Test
    void planningIsDeterministic() {
        Source source = create(Map.of("number-of-rows", "1000"));
        PlanPartitionsRequest request = new PlanPartitionsRequest(new DatagenOffset(0), new DatagenOffset(997), 4, 5);
        assertEquals(source.planInputPartitions(request), create(Map.of("number-of-rows", "1000"))
                .planInputPartitions(request));
    }

    @Test
    void rangeEndingBeforeItsStartIsRefused() {
        Source source = create(Map.of("number-of-rows", "1000"));
        ConnectorException error = assertThrows(ConnectorException.class, () -> source.planInputPartitions(
                new PlanPartitionsRequest(new DatagenOffset(9), new DatagenOffset(4), 2, 1)));
        assertEquals("datagen table t: batch 2 ends at {\"rows\":4}, before its start {\"rows\":9}",
                error.getMessage());
    }

    @Test
    void unreadablePartitionNamesTableAndJson() {
        Source source = create(Map.of("number-of-rows", "1000"));
        ConnectorException error = assertThrows(ConnectorException.class,
                () -> source.partitionFromJson("{\"startRow\":9,\"endRow\":4}"));
        assertEquals("datagen table t: cannot read partition {\"startRow\":9,\"endRow\":4}:"
                + " need 0 <= startRow <= endRow: [9, 4)", error.getMessage());
    }

    @Test
    void rowsDueNeverOverflow() {
        assertEquals(1_500, DatagenSource.rowsDue(1_500, 1_000));
        assertEquals(0, DatagenSource.rowsDue(999, 1));
        assertEquals(Long.MAX_VALUE, DatagenSource.rowsDue(Long.MAX_VALUE, DatagenOptions.MAX_ROWS_PER_SECOND));
    }

    private static Offset latest(Source source, Offset start) {
        return source.latestOffset(new LatestOffsetRequest(start, source.defaultReadLimit()));
    }

    /** A source made the way the engine makes it: through the registry, with the options checked. */
    static Source create(Map<String, String> options) {
        Map<String, String> withConnector = new HashMap<>(options);
        withConnector.put("connector", "datagen");
        return Connectors.discover().createSource(TableContext.of("t", SCHEMA, withConnector));
    }

    private static DatagenSource sourceWithClock(Map<String, String> options, SourceLog log, ManualClock clock) {
        return new DatagenSource(DatagenTable.parse("t", SCHEMA, options), log, clock);
    }
}
