package dev.sluice.executor.aggregate;

import static dev.sluice.executor.aggregate.AggregateSpecs.call;
import static dev.sluice.executor.aggregate.AggregateSpecs.column;
import static dev.sluice.executor.aggregate.AggregateSpecs.countStar;
import static dev.sluice.executor.aggregate.AggregateSpecs.cumulate;
import static dev.sluice.executor.aggregate.AggregateSpecs.distinct;
import static dev.sluice.executor.aggregate.AggregateSpecs.hop;
import static dev.sluice.executor.aggregate.AggregateSpecs.session;
import static dev.sluice.executor.aggregate.AggregateSpecs.tumble;
import static dev.sluice.executor.aggregate.AggregateSpecs.type;
import static dev.sluice.executor.operator.Batches.row;
import static dev.sluice.planner.plan.proto.AggregateCall.Function.COUNT;
import static dev.sluice.planner.plan.proto.AggregateCall.Function.SUM;
import static dev.sluice.planner.plan.proto.DataType.Kind.BIGINT;
import static dev.sluice.planner.plan.proto.DataType.Kind.INT;
import static dev.sluice.planner.plan.proto.DataType.Kind.TIMESTAMP;
import static dev.sluice.planner.plan.proto.DataType.Kind.VARCHAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.executor.expression.ExpressionException;
import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.planner.plan.proto.Aggregate;
import dev.sluice.planner.plan.proto.AggregateCall;
import dev.sluice.planner.plan.proto.ColumnDefinition;
import dev.sluice.planner.plan.proto.OutputMode;
import dev.sluice.planner.plan.proto.WindowSpec;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The behaviours of the aggregation spelled out on small inputs, each with its expected rows written down. */
class AggregationExamplesTest {
    private static final List<ColumnDefinition> COLUMNS = List.of(column("ts", type(TIMESTAMP)),
            column("k", type(INT)), column("name", type(VARCHAR)), column("v", type(BIGINT)));
    private static final List<AggregateCall> CALLS = List.of(countStar("rows"),
            call("total", SUM, 3, type(BIGINT)), distinct(call("names", COUNT, 2, type(BIGINT))));
    private static final long NONE = OperatorContext.NO_WATERMARK;

    @TempDir
    Path temporary;
    private int runs;

    private static LocalDateTime at(double seconds) {
        return ReferenceAggregation.time(Math.round(seconds * 1000));
    }

    private static Aggregate spec(WindowSpec window) {
        return AggregateSpecs.aggregate(COLUMNS, window, List.of(1), CALLS, 0);
    }

    private AggregationHarness harness(Aggregate spec, OutputMode mode, int partitions) {
        return new AggregationHarness(new AggregateOperatorFactory(spec, mode, 8), temporary.resolve("run-" + runs++),
                partitions);
    }

    /** One scan task with one input batch. */
    @SafeVarargs
    private static List<List<List<List<Object>>>> oneTask(List<Object>... rows) {
        List<List<Object>> batch = new ArrayList<>();
        for (List<Object> row : rows) {
            batch.add(row);
        }
        return List.of(List.of(batch));
    }

    private static List<List<List<List<Object>>>> noInput() {
        return List.of();
    }

    @Test
    void tumblingWindowsAlignToTheEpochPlusOffsetAlsoBeforeIt() {
        WindowSpec window = tumble(0, 10_000).toBuilder().setOffsetMs(2_000).build();
        try (AggregationHarness harness = harness(spec(window), OutputMode.APPEND, 1)) {
            assertEquals(List.of(), harness.run(0, oneTask(row(at(-0.5), 1, "a", 1L), row(at(1.999), 1, "a", 2L),
                    row(at(2), 1, "b", 4L), row(at(11.999), 1, "b", 8L)), NONE, true).rows());
            assertEquals(List.of(
                            row(at(-8), at(2), at(1.999), 1, 2L, 3L, 1L),
                            row(at(2), at(12), at(11.999), 1, 2L, 12L, 1L)),
                    harness.run(1, noInput(), 12_000, true).rows());
        }
    }

    @Test
    void hopAndCumulateWindowsHoldEachRowInSeveralWindows() {
        try (AggregationHarness harness = harness(spec(hop(0, 10_000, 5_000)), OutputMode.COMPLETE, 1)) {
            assertEquals(List.of(
                            row(at(-5), at(5), at(4.999), 1, 1L, 1L, 1L),
                            row(at(0), at(10), at(9.999), 1, 2L, 3L, 2L),
                            row(at(5), at(15), at(14.999), 1, 1L, 2L, 1L)),
                    ReferenceAggregation.sorted(harness.run(0,
                            oneTask(row(at(3), 1, "a", 1L), row(at(7), 1, "b", 2L)), NONE, true).rows()));
        }
        try (AggregationHarness harness = harness(spec(cumulate(0, 9_000, 3_000)), OutputMode.COMPLETE, 1)) {
            assertEquals(List.of(
                            row(at(0), at(3), at(2.999), 1, 1L, 1L, 1L),
                            row(at(0), at(6), at(5.999), 1, 1L, 1L, 1L),
                            row(at(0), at(9), at(8.999), 1, 2L, 3L, 2L)),
                    ReferenceAggregation.sorted(harness.run(0,
                            oneTask(row(at(1), 1, "a", 1L), row(at(7), 1, "b", 2L)), NONE, true).rows()));
        }
    }

    @Test
    void sessionsMergeWithStoredSessionsAcrossBatches() {
        try (AggregationHarness harness = harness(spec(session(0, 3_000)), OutputMode.UPDATE, 1)) {
            AggregationHarness.BatchResult first = harness.run(0,
                    oneTask(row(at(0), 1, "a", 1L), row(at(6), 1, "b", 2L), row(at(1), 2, "a", 4L)), NONE, true);
            assertEquals(List.of(
                            row(at(0), at(3), at(2.999), 1, 1L, 1L, 1L),
                            row(at(1), at(4), at(3.999), 2, 1L, 4L, 1L),
                            row(at(6), at(9), at(8.999), 1, 1L, 2L, 1L)),
                    ReferenceAggregation.sorted(first.rows()));
            assertEquals(3, first.totalRows());

            // [3, 6) touches both stored sessions of key 1: all three become [0, 9)
            AggregationHarness.BatchResult second = harness.run(1, oneTask(row(at(3), 1, "a", 8L)), NONE, true);
            assertEquals(List.of(row(at(0), at(9), at(8.999), 1, 3L, 11L, 2L)), second.rows());
            assertEquals(2, second.totalRows());
            assertEquals(1, second.updatedRows());
            assertEquals(2, second.removedRows(), "both stored sessions of key 1 had other bounds");

            // the watermark closes [0, 9) and [1, 4) without output in update mode
            AggregationHarness.BatchResult third = harness.run(2, noInput(), 9_000, true);
            assertEquals(List.of(), third.rows());
            assertEquals(0, third.totalRows());
            assertEquals(2, third.removedRows());
        }
    }

    @Test
    void appendModeEmitsWindowsThatANoDataBatchClosesAndForgetsThem() {
        try (AggregationHarness harness = harness(spec(tumble(0, 10_000)), OutputMode.APPEND, 1)) {
            AggregationHarness.BatchResult first = harness.run(0,
                    oneTask(row(at(1), 1, "a", 1L), row(at(12), 1, "a", 2L), row(at(13), null, null, null)), NONE,
                    true);
            assertEquals(List.of(), first.rows(), "nothing is final without a watermark");
            assertEquals(3, first.totalRows());

            AggregationHarness.BatchResult second = harness.run(1, noInput(), 10_000, true);
            assertEquals(List.of(row(at(0), at(10), at(9.999), 1, 1L, 1L, 1L)), second.rows());
            assertEquals(2, second.totalRows());
            assertEquals(1, second.removedRows());

            AggregationHarness.BatchResult third = harness.run(2, noInput(), 10_000, true);
            assertEquals(List.of(), third.rows(), "a window is emitted once");

            AggregationHarness.BatchResult fourth = harness.run(3, noInput(), 20_000, true);
            assertEquals(ReferenceAggregation.sorted(List.of(
                            row(at(10), at(20), at(19.999), 1, 1L, 2L, 1L),
                            row(at(10), at(20), at(19.999), null, 1L, null, 0L))),
                    ReferenceAggregation.sorted(fourth.rows()), "NULL is a group key of its own");
            assertEquals(0, fourth.totalRows());
        }
    }

    @Test
    void dropsAndCountsLateRowsButNotRowsWithoutATime() {
        try (AggregationHarness harness = harness(spec(tumble(0, 10_000)), OutputMode.UPDATE, 1)) {
            AggregationHarness.BatchResult result = harness.run(0, List.of(
                            List.of(List.of(row(at(4.999), 1, "a", 1L), row(at(5), 1, "a", 2L), row(null, 1, "a", 4L))),
                            List.of(List.of(row(at(1), 2, "a", 8L)), List.of(row(at(6), 2, "b", 16L)))),
                    5_000, true);
            assertEquals(2, result.droppedRows());
            assertEquals(ReferenceAggregation.sorted(List.of(
                            row(at(0), at(10), at(9.999), 1, 1L, 2L, 1L),
                            row(at(0), at(10), at(9.999), 2, 1L, 16L, 1L))),
                    ReferenceAggregation.sorted(result.rows()));
        }
    }

    @Test
    void countsDistinctValuesExactlyAcrossBatches() {
        Aggregate spec = AggregateSpecs.aggregate(COLUMNS, null, List.of(1), CALLS, -1);
        try (AggregationHarness harness = harness(spec, OutputMode.UPDATE, 1)) {
            assertEquals(List.of(row(1, 3L, 6L, 2L)), harness.run(0,
                    oneTask(row(null, 1, "a", 1L), row(null, 1, "b", 2L), row(null, 1, null, 3L)), NONE, true).rows());
            assertEquals(List.of(row(1, 5L, 10L, 3L)), harness.run(1,
                    oneTask(row(null, 1, "b", 1L), row(null, 1, "c", 3L)), NONE, true).rows());
            assertEquals(List.of(row(1, 6L, 10L, 3L)), harness.run(2,
                    oneTask(row(null, 1, "a", null)), NONE, true).rows());
        }
    }

    @Test
    void completeModeEmitsEveryGroupEveryBatchAndRemovesNothing() {
        try (AggregationHarness harness = harness(spec(tumble(0, 10_000)), OutputMode.COMPLETE, 1)) {
            harness.run(0, oneTask(row(at(1), 1, "a", 1L), row(at(11), 1, "a", 2L)), NONE, true);
            // the watermark passes the first two windows' ends: complete mode still keeps and emits them
            AggregationHarness.BatchResult second = harness.run(1, oneTask(row(at(21), 2, "a", 4L)), 20_000, true);
            assertEquals(List.of(
                            row(at(0), at(10), at(9.999), 1, 1L, 1L, 1L),
                            row(at(10), at(20), at(19.999), 1, 1L, 2L, 1L),
                            row(at(20), at(30), at(29.999), 2, 1L, 4L, 1L)),
                    ReferenceAggregation.sorted(second.rows()));
            assertEquals(3, second.totalRows());
            assertEquals(0, second.removedRows());
        }
    }

    @Test
    void aReplayedBatchAfterAnAbortGivesTheSameOutputInTheSameOrder() {
        Aggregate spec = AggregationAgainstReferenceTest.spec(session(RandomRows.TS, 3_000),
                AggregationAgainstReferenceTest.Keys.ENCODED);
        Random random = new Random(42);
        List<List<List<List<Object>>>> first = RandomRows.batch(random, 0, 300, 2);
        List<List<List<List<Object>>>> second = RandomRows.batch(random, 1, 300, 2);
        long watermark = RandomRows.watermarkAfter(RandomRows.flatten(first));
        try (AggregationHarness harness = new AggregationHarness(
                new AggregateOperatorFactory(spec, OutputMode.UPDATE, 16), temporary.resolve("replay"), 2)) {
            harness.run(0, first, NONE, true);
            AggregationHarness.BatchResult aborted = harness.run(1, second, watermark, false);
            AggregationHarness.BatchResult replayed = harness.run(1, second, watermark, true);
            assertTrue(aborted.rows().size() > 10, "the batch should update groups");
            assertEquals(aborted.rowsPerPartition(), replayed.rowsPerPartition());
            assertEquals(aborted.droppedRows(), replayed.droppedRows());
            assertEquals(aborted.totalRows(), replayed.totalRows());
            assertEquals(aborted.updatedRows(), replayed.updatedRows());
            assertEquals(aborted.removedRows(), replayed.removedRows());
        }
    }

    @Test
    void keyGroupsSplitOverTwoPartitionsGiveTheUnionOfOnePartitionsResult() {
        for (WindowSpec window : List.of(tumble(RandomRows.TS, 10_000), session(RandomRows.TS, 3_000))) {
            Aggregate spec = AggregationAgainstReferenceTest.spec(window, AggregationAgainstReferenceTest.Keys.FIXED);
            Random random = new Random(7);
            List<List<List<List<List<Object>>>>> batches = new ArrayList<>();
            for (int batch = 0; batch < 3; batch++) {
                batches.add(RandomRows.batch(random, batch, 300, 2));
            }
            try (AggregationHarness one = harness(spec, OutputMode.APPEND, 1);
                    AggregationHarness two = harness(spec, OutputMode.APPEND, 2)) {
                List<List<Object>> seen = new ArrayList<>();
                for (int batch = 0; batch <= batches.size(); batch++) {
                    List<List<List<List<Object>>>> tasks = batch < batches.size() ? batches.get(batch) : noInput();
                    long watermark = RandomRows.watermarkAfter(seen) + (batch < batches.size() ? 0 : 100_000);
                    AggregationHarness.BatchResult whole = one.run(batch, tasks, watermark, true);
                    AggregationHarness.BatchResult split = two.run(batch, tasks, watermark, true);
                    assertTrue(!split.rowsPerPartition().get(0).isEmpty() || batch == 0);
                    assertEquals(ReferenceAggregation.sorted(whole.rows()), ReferenceAggregation.sorted(split.rows()),
                            window.getKind() + " batch " + batch);
                    assertEquals(whole.totalRows(), split.totalRows());
                    seen.addAll(RandomRows.flatten(tasks));
                }
            }
        }
    }

    @Test
    void aggregatesTensOfThousandsOfGroupsThroughTheFastTable() {
        Aggregate spec = AggregateSpecs.aggregate(COLUMNS, tumble(0, 10_000), List.of(1),
                List.of(countStar("rows"), call("total", SUM, 3, type(BIGINT))), 0);
        Random random = new Random(3);
        Map<List<Object>, long[]> expected = new HashMap<>();
        List<List<List<Object>>> inputs = new ArrayList<>();
        for (int input = 0; input < 10; input++) {
            List<List<Object>> rows = new ArrayList<>();
            for (int r = 0; r < 10_000; r++) {
                long time = random.nextInt(30_000);
                int key = random.nextInt(5_000);
                long value = random.nextInt(1_000);
                rows.add(row(ReferenceAggregation.time(time), key, null, value));
                long[] group = expected.computeIfAbsent(List.of(time / 10_000 * 10_000, key), absent -> new long[2]);
                group[0]++;
                group[1] += value;
            }
            inputs.add(rows);
        }
        try (AggregationHarness harness = harness(spec, OutputMode.COMPLETE, 2)) {
            AggregationHarness.BatchResult result = harness.run(0, List.of(inputs), NONE, true);
            assertEquals(expected.size(), result.rows().size());
            assertEquals(expected.size(), result.totalRows());
            for (List<Object> row : result.rows()) {
                long[] group = expected.get(List.of(ReferenceAggregation.millis(row.get(0)), row.get(3)));
                assertEquals(List.of(group[0], group[1]), row.subList(4, 6), row.toString());
            }
        }
    }

    @Test
    void sumOverflowIsAnErrorNamingTheCallButAnIntermediateOneIsNot() {
        try (AggregationHarness harness = harness(spec(null), OutputMode.UPDATE, 1)) {
            assertEquals(List.of(row(1, 3L, Long.MAX_VALUE, 1L)), harness.run(0,
                    oneTask(row(null, 1, "a", Long.MAX_VALUE), row(null, 1, null, 1L), row(null, 1, null, -1L)),
                    NONE, true).rows());
            ExpressionException error = assertThrows(ExpressionException.class,
                    () -> harness.run(1, oneTask(row(null, 1, null, 1L)), NONE, true));
            assertTrue(error.getMessage().contains("call 1 'total' = SUM(v): the result overflows BIGINT:"
                    + " 9223372036854775808"), error.getMessage());
            assertTrue(error.getMessage().contains("aggregate aggregate-0 in query query, batch 1"),
                    error.getMessage());
        }
    }
}
