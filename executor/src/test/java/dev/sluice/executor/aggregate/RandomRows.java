package dev.sluice.executor.aggregate;

import static dev.sluice.executor.aggregate.AggregateSpecs.call;
import static dev.sluice.executor.aggregate.AggregateSpecs.column;
import static dev.sluice.executor.aggregate.AggregateSpecs.countStar;
import static dev.sluice.executor.aggregate.AggregateSpecs.decimal;
import static dev.sluice.executor.aggregate.AggregateSpecs.distinct;
import static dev.sluice.executor.aggregate.AggregateSpecs.filtered;
import static dev.sluice.executor.aggregate.AggregateSpecs.type;
import static dev.sluice.planner.plan.proto.AggregateCall.Function.AVG;
import static dev.sluice.planner.plan.proto.AggregateCall.Function.COUNT;
import static dev.sluice.planner.plan.proto.AggregateCall.Function.MAX;
import static dev.sluice.planner.plan.proto.AggregateCall.Function.MIN;
import static dev.sluice.planner.plan.proto.AggregateCall.Function.SUM;
import static dev.sluice.planner.plan.proto.DataType.Kind.BIGINT;
import static dev.sluice.planner.plan.proto.DataType.Kind.BOOLEAN;
import static dev.sluice.planner.plan.proto.DataType.Kind.DATE;
import static dev.sluice.planner.plan.proto.DataType.Kind.DOUBLE;
import static dev.sluice.planner.plan.proto.DataType.Kind.INT;
import static dev.sluice.planner.plan.proto.DataType.Kind.TIMESTAMP;
import static dev.sluice.planner.plan.proto.DataType.Kind.VARCHAR;

import dev.sluice.executor.operator.Batches;
import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.planner.plan.proto.AggregateCall;
import dev.sluice.planner.plan.proto.ColumnDefinition;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random rows with NULLs in every column, and batches of them shaped like a stream: each batch's event times move
 * forward with some disorder (a few rows arrive too late for the watermark), split over two scan tasks of several
 * input batches each. Values are chosen so that results are exact: doubles are multiples of 0.25 (their sums do
 * not depend on the order of addition) and integer sums stay within their types.
 */
final class RandomRows {
    static final int TS = 0;
    static final int K = 1;
    static final int NAME = 2;
    static final int V = 3;
    static final int D = 4;
    static final int M = 5;
    static final int FLAG = 6;
    static final int DAY = 7;
    static final int I = 8;
    static final int G = 9;

    static final List<ColumnDefinition> COLUMNS = List.of(column("ts", type(TIMESTAMP)), column("k", type(INT)),
            column("name", type(VARCHAR)), column("v", type(BIGINT)), column("d", type(DOUBLE)),
            column("m", decimal(12, 2)), column("flag", type(BOOLEAN)), column("day", type(DATE)),
            column("i", type(INT)), column("g", type(BIGINT)));

    /** Every kind of call, over every argument type, with and without FILTER and DISTINCT. */
    static final List<AggregateCall> CALLS = List.of(
            countStar("rows"),
            call("count_v", COUNT, V, type(BIGINT)),
            distinct(call("distinct_names", COUNT, NAME, type(BIGINT))),
            call("sum_v", SUM, V, type(BIGINT)),
            call("sum_i", SUM, I, type(INT)),
            call("sum_d", SUM, D, type(DOUBLE)),
            call("sum_m", SUM, M, decimal(38, 2)),
            call("avg_v", AVG, V, type(BIGINT)),
            call("avg_i", AVG, I, type(INT)),
            call("avg_i_double", AVG, I, type(DOUBLE)),
            call("avg_d", AVG, D, type(DOUBLE)),
            call("avg_m", AVG, M, decimal(14, 2)),
            call("min_name", MIN, NAME, type(VARCHAR)),
            call("max_name", MAX, NAME, type(VARCHAR)),
            call("min_d", MIN, D, type(DOUBLE)),
            call("max_v", MAX, V, type(BIGINT)),
            call("min_day", MIN, DAY, type(DATE)),
            call("max_ts", MAX, TS, type(TIMESTAMP)),
            call("min_flag", MIN, FLAG, type(BOOLEAN)),
            call("max_flag", MAX, FLAG, type(BOOLEAN)),
            call("min_m", MIN, M, decimal(12, 2)),
            call("max_i", MAX, I, type(INT)),
            filtered(countStar("flagged_rows"), FLAG),
            filtered(call("flagged_sum_v", SUM, V, type(BIGINT)), FLAG),
            filtered(distinct(call("flagged_distinct_g", COUNT, G, type(BIGINT))), FLAG));

    /** Strings whose code-point order differs from Java's UTF-16 order (U+1F600 sorts after U+FFFD), and NUL. */
    private static final String[] NAMES = {"", "a", "b", "\u00e4", "z", "\u0000x", "x\u0000", "\ud83d\ude00",
        "\ufffdy", "\u00e9"};

    static final long DELAY_MS = 4_000;

    private RandomRows() {
    }

    static List<Object> row(Random random, long time) {
        return Batches.row(
                random.nextInt(100) < 3 ? null : ReferenceAggregation.time(time),
                random.nextInt(10) == 0 ? null : random.nextInt(5),
                random.nextInt(10) == 0 ? null : NAMES[random.nextInt(NAMES.length)],
                random.nextInt(7) == 0 ? null : random.nextLong() % 1_000_000_000_000L,
                random.nextInt(8) == 0 ? null : (random.nextInt(4001) - 2000) * 0.25,
                random.nextInt(8) == 0 ? null : BigDecimal.valueOf(random.nextLong() % 10_000_000_000L, 2),
                random.nextInt(5) == 0 ? null : random.nextBoolean(),
                random.nextInt(9) == 0 ? null : LocalDate.ofEpochDay(19_000 + random.nextInt(20)),
                random.nextInt(9) == 0 ? null : random.nextInt(2001) - 1000,
                random.nextInt(6) == 0 ? null : (long) random.nextInt(3));
    }

    /**
     * The rows of stream batch {@code batch}: event times around {@code [batch * 20 s - 3 s, batch * 20 s + 22 s)},
     * some far behind, split into {@code tasks} tasks of 1 to 3 input batches each.
     */
    static List<List<List<List<Object>>>> batch(Random random, int batch, int rows, int tasks) {
        List<List<List<List<Object>>>> result = new ArrayList<>();
        for (int task = 0; task < tasks; task++) {
            List<List<List<Object>>> inputs = new ArrayList<>();
            int inputBatches = 1 + random.nextInt(3);
            for (int input = 0; input < inputBatches; input++) {
                List<List<Object>> batchRows = new ArrayList<>();
                int count = rows / tasks / inputBatches;
                for (int r = 0; r < count; r++) {
                    long base = batch * 20_000L - 3_000 + random.nextInt(25_000);
                    long time = random.nextInt(50) == 0 ? base - 15_000 : base;
                    batchRows.add(row(random, time));
                }
                inputs.add(batchRows);
            }
            result.add(inputs);
        }
        return result;
    }

    /** All rows of a batch's tasks, in task order. */
    static List<List<Object>> flatten(List<List<List<List<Object>>>> tasks) {
        List<List<Object>> rows = new ArrayList<>();
        tasks.forEach(task -> task.forEach(rows::addAll));
        return rows;
    }

    /** The watermark after the given batches: their max event time minus the delay (none before any). */
    static long watermarkAfter(List<List<Object>> rowsSoFar) {
        long max = Long.MIN_VALUE;
        for (List<Object> row : rowsSoFar) {
            Long time = ReferenceAggregation.millis(row.get(TS));
            if (time != null) {
                max = Math.max(max, time);
            }
        }
        return max == Long.MIN_VALUE ? OperatorContext.NO_WATERMARK : max - DELAY_MS;
    }
}
