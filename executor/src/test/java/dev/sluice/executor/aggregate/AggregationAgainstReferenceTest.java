package dev.sluice.executor.aggregate;

import static dev.sluice.executor.aggregate.AggregateSpecs.cumulate;
import static dev.sluice.executor.aggregate.AggregateSpecs.hop;
import static dev.sluice.executor.aggregate.AggregateSpecs.session;
import static dev.sluice.executor.aggregate.AggregateSpecs.tumble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.planner.plan.proto.Aggregate;
import dev.sluice.planner.plan.proto.OutputMode;
import dev.sluice.planner.plan.proto.WindowSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every window kind, key shape, aggregate and output mode against {@link ReferenceAggregation} over the same random
 * rows (with NULLs everywhere), across several batches that each load the state version before them and commit
 * theirs, then a no-data batch whose watermark closes the rest. Each batch checks the output rows, the late rows
 * dropped and the partition's exact row count.
 */
class AggregationAgainstReferenceTest {
    private static final int DATA_BATCHES = 4;
    private static final int ROWS_PER_BATCH = 300;

    @TempDir
    Path temporary;

    /**
     * Group keys: fixed-width (INT and a nullable BIGINT: the long table with a null mask), encoded, none, and keys
     * of every type through both tables.
     */
    enum Keys {
        FIXED(List.of(RandomRows.K, RandomRows.G)),
        ENCODED(List.of(RandomRows.NAME, RandomRows.K)),
        NONE(List.of()),
        EVERY_FIXED_WIDTH_TYPE(List.of(RandomRows.FLAG, RandomRows.DAY, RandomRows.D, RandomRows.I, RandomRows.G,
                RandomRows.TS)),
        EVERY_TYPE(List.of(RandomRows.FLAG, RandomRows.DAY, RandomRows.D, RandomRows.M, RandomRows.NAME,
                RandomRows.V, RandomRows.TS));

        final List<Integer> columns;

        Keys(List<Integer> columns) {
            this.columns = columns;
        }
    }

    static Stream<Arguments> scenarios() {
        List<WindowSpec> windows = new ArrayList<>();
        windows.add(tumble(RandomRows.TS, 10_000));
        windows.add(hop(RandomRows.TS, 10_000, 4_000));
        windows.add(cumulate(RandomRows.TS, 12_000, 4_000));
        windows.add(session(RandomRows.TS, 3_000));
        windows.add(null);
        List<Arguments> scenarios = new ArrayList<>();
        for (WindowSpec window : windows) {
            for (Keys keys : List.of(Keys.FIXED, Keys.ENCODED)) {
                for (OutputMode mode : List.of(OutputMode.APPEND, OutputMode.UPDATE, OutputMode.COMPLETE)) {
                    if (window != null || mode != OutputMode.APPEND) {
                        scenarios.add(Arguments.of(name(window), window, keys, mode));
                    }
                }
            }
        }
        scenarios.add(Arguments.of("TUMBLE", tumble(RandomRows.TS, 10_000), Keys.NONE, OutputMode.APPEND));
        scenarios.add(Arguments.of("SESSION", session(RandomRows.TS, 3_000), Keys.NONE, OutputMode.UPDATE));
        scenarios.add(Arguments.of("GROUP BY", null, Keys.NONE, OutputMode.COMPLETE));
        scenarios.add(Arguments.of("TUMBLE", tumble(RandomRows.TS, 10_000), Keys.EVERY_FIXED_WIDTH_TYPE,
                OutputMode.UPDATE));
        scenarios.add(Arguments.of("HOP", hop(RandomRows.TS, 10_000, 5_000), Keys.EVERY_TYPE, OutputMode.APPEND));
        scenarios.add(Arguments.of("SESSION", session(RandomRows.TS, 3_000), Keys.EVERY_TYPE, OutputMode.COMPLETE));
        return scenarios.stream();
    }

    private static String name(WindowSpec window) {
        return window == null ? "GROUP BY" : window.getKind().toString();
    }

    static Aggregate spec(WindowSpec window, Keys keys) {
        return AggregateSpecs.aggregate(RandomRows.COLUMNS, window, keys.columns, RandomRows.CALLS,
                window == null ? -1 : RandomRows.TS);
    }

    @ParameterizedTest(name = "{0}, keys {2}, {3}")
    @MethodSource("scenarios")
    void matchesTheReferenceBatchAfterBatch(String name, WindowSpec window, Keys keys, OutputMode mode) {
        Aggregate spec = spec(window, keys);
        AggregateOperatorFactory factory = new AggregateOperatorFactory(spec, mode, 16);
        runAgainstReference(factory, spec, mode, new Random(name.hashCode() * 31L + keys.ordinal() * 7L
                + mode.ordinal()), 1);
    }

    @Test
    void flushesThePartialTableEveryBatchUnderATinyMemoryBoundWithTheSameResults() {
        Aggregate spec = spec(session(RandomRows.TS, 3_000), Keys.ENCODED);
        runAgainstReference(new AggregateOperatorFactory(spec, OutputMode.UPDATE, 16, 1), spec, OutputMode.UPDATE,
                new Random(5), 1);
        Aggregate tumbling = spec(hop(RandomRows.TS, 10_000, 5_000), Keys.FIXED);
        runAgainstReference(new AggregateOperatorFactory(tumbling, OutputMode.APPEND, 16, 1), tumbling,
                OutputMode.APPEND, new Random(6), 1);
    }

    @Test
    void spreadsKeyGroupsOverThreePartitionsWithTheSameResults() {
        Aggregate spec = spec(session(RandomRows.TS, 3_000), Keys.ENCODED);
        runAgainstReference(new AggregateOperatorFactory(spec, OutputMode.APPEND, 16), spec, OutputMode.APPEND,
                new Random(8), 3);
    }

    private void runAgainstReference(AggregateOperatorFactory factory, Aggregate spec, OutputMode mode,
            Random random, int partitions) {
        ReferenceAggregation reference = new ReferenceAggregation(spec, mode);
        List<List<Object>> seen = new ArrayList<>();
        long totalDropped = 0;
        try (AggregationHarness harness = new AggregationHarness(factory,
                temporary.resolve("run-" + System.nanoTime()), partitions)) {
            for (int batch = 0; batch <= DATA_BATCHES; batch++) {
                boolean noData = batch == DATA_BATCHES;
                List<List<List<List<Object>>>> tasks = noData ? List.of()
                        : RandomRows.batch(random, batch, ROWS_PER_BATCH, 2);
                long watermark = noData ? RandomRows.watermarkAfter(seen) + 60_000
                        : RandomRows.watermarkAfter(seen);
                List<List<Object>> rows = RandomRows.flatten(tasks);
                AggregationHarness.BatchResult actual = harness.run(batch, tasks, watermark, true);
                ReferenceAggregation.Expected expected = reference.batch(rows, watermark);
                assertEquals(ReferenceAggregation.sorted(expected.rows()), ReferenceAggregation.sorted(actual.rows()),
                        "output of batch " + batch);
                assertEquals(expected.droppedRows(), actual.droppedRows(), "late rows of batch " + batch);
                assertEquals(expected.totalGroups(), actual.totalRows(), "numRowsTotal after batch " + batch);
                totalDropped += actual.droppedRows();
                seen.addAll(rows);
            }
        }
        if (spec.getEventTimeColumn() >= 0) {
            assertTrue(totalDropped > 0, "the data should have late rows");
        }
    }
}
