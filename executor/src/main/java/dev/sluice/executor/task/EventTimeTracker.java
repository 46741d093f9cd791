package dev.sluice.executor.task;

import dev.sluice.executor.expression.Column;
import dev.sluice.executor.expression.EvaluationContext;
import dev.sluice.executor.expression.ExpressionCompiler;
import dev.sluice.executor.expression.VectorExpression;
import dev.sluice.executor.rpc.proto.EventTimeStats;
import dev.sluice.planner.plan.proto.Watermark;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The event times of the rows a scan task reads, for the driver's watermark: count, min, max and mean of the
 * source's WATERMARK column (the planner's expression over the physical columns, so computed columns work too),
 * over every row read, before any filter (Spark's rule: the watermark follows what the source delivered).
 */
final class EventTimeTracker {
    private final VectorExpression eventTime;
    private final EvaluationContext evaluation;
    private long count;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private double mean;
    private int[] late = new int[0];
    private int lateCount;

    private EventTimeTracker(VectorExpression eventTime, EvaluationContext evaluation) {
        this.eventTime = eventTime;
        this.evaluation = evaluation;
    }

    /** A tracker for a source with {@code watermark}, or null when the source has none. */
    static EventTimeTracker of(Watermark watermark, Schema sourceSchema, boolean hasWatermark) {
        if (!hasWatermark) {
            return null;
        }
        ExpressionCompiler compiler = new ExpressionCompiler(sourceSchema);
        return new EventTimeTracker(compiler.compile(watermark.getEventTime()), compiler.newContext());
    }

    void add(VectorSchemaRoot batch) {
        add(batch, Long.MIN_VALUE);
    }

    /**
     * Takes in a batch's event times and, when {@code lateBefore} is not {@link Long#MIN_VALUE}, finds the rows
     * whose event time is before it (late: {@link #lateRows()}, {@link #lateCount()}).
     */
    void add(VectorSchemaRoot batch, long lateBefore) {
        int rows = batch.getRowCount();
        lateCount = 0;
        if (rows == 0) {
            return;
        }
        evaluation.bind(batch);
        try {
            Column times = eventTime.evaluate(evaluation, null, rows);
            long batchCount = 0;
            long batchMin = min;
            long batchMax = max;
            double batchSum = 0;
            long[] values = times.longs;
            boolean nulls = times.hasNulls;
            for (int row = 0; row < rows; row++) {
                if (nulls && times.nulls[row]) {
                    continue;
                }
                long value = values[row];
                if (value < lateBefore) {
                    if (lateCount == late.length) {
                        late = java.util.Arrays.copyOf(late, Math.max(16, rows));
                    }
                    late[lateCount++] = row;
                }
                batchCount++;
                batchMin = Math.min(batchMin, value);
                batchMax = Math.max(batchMax, value);
                batchSum += value;
            }
            if (batchCount > 0) {
                // A running mean of doubles: a sum of epoch milliseconds over millions of rows overflows a long.
                double batchMean = batchSum / batchCount;
                long total = count + batchCount;
                mean += (batchMean - mean) * ((double) batchCount / total);
                count = total;
                min = batchMin;
                max = batchMax;
            }
        } finally {
            evaluation.unbind();
        }
    }

    /** The rows of the last batch whose event time is before the watermark, in order (the first lateCount). */
    int[] lateRows() {
        return late;
    }

    int lateCount() {
        return lateCount;
    }

    EventTimeStats stats() {
        if (count == 0) {
            return EventTimeStats.getDefaultInstance();
        }
        return EventTimeStats.newBuilder().setCount(count).setMinMs(min).setMaxMs(max).setAvgMs(mean).build();
    }
}
