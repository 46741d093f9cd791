package dev.sluice.driver.query;

import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.executor.rpc.proto.EventTimeStats;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.planner.plan.proto.TableDefinition;

/**
 * The query's event-time watermark (ARCHITECTURE.md "Event time"): each source with a WATERMARK has its own, the
 * maximum event time it delivered minus its delay (Spark's rule); the query's watermark is the minimum over the
 * sources that delivered rows with an event time (a source that has delivered nothing yet holds nobody back,
 * Spark's "min" policy). It moves only between batches and never backwards: batch N runs with the value computed
 * from batches before it, which {@code offsets/N} logs and {@code commits/N-1} announced.
 *
 * <p>On restart it continues from the logged value; the sources' maxima start afresh, which is safe because the
 * watermark never goes back.
 */
final class EventTimeWatermark {
    private final long[] delays;
    private final boolean[] hasWatermark;
    private final long[] maxEventTime;
    private final boolean[] seen;
    private long current;

    /** @param restored the watermark to continue from, {@link OperatorContext#NO_WATERMARK} on a new checkpoint */
    EventTimeWatermark(QueryPlan plan, long restored) {
        int sources = plan.getSourcesCount();
        delays = new long[sources];
        hasWatermark = new boolean[sources];
        maxEventTime = new long[sources];
        seen = new boolean[sources];
        for (int index = 0; index < sources; index++) {
            TableDefinition table = plan.getSources(index);
            hasWatermark[index] = table.hasWatermark();
            delays[index] = table.hasWatermark() ? table.getWatermark().getDelayMs() : 0;
        }
        current = restored;
    }

    /** Whether any source has a WATERMARK. */
    boolean enabled() {
        for (boolean has : hasWatermark) {
            if (has) {
                return true;
            }
        }
        return false;
    }

    /** The watermark the next batch runs with. */
    long current() {
        return current;
    }

    /** Takes in what one task of source {@code sourceIndex} read. */
    void observe(int sourceIndex, EventTimeStats stats) {
        if (!hasWatermark[sourceIndex] || stats.getCount() == 0) {
            return;
        }
        maxEventTime[sourceIndex] = seen[sourceIndex] ? Math.max(maxEventTime[sourceIndex], stats.getMaxMs())
                : stats.getMaxMs();
        seen[sourceIndex] = true;
    }

    /** After a batch: moves the watermark forward from what the sources delivered so far; returns it. */
    long advance() {
        long candidate = Long.MAX_VALUE;
        boolean any = false;
        for (int index = 0; index < delays.length; index++) {
            if (hasWatermark[index] && seen[index]) {
                candidate = Math.min(candidate, saturatedMinus(maxEventTime[index], delays[index]));
                any = true;
            }
        }
        if (any && candidate > current) {
            current = candidate;
        }
        return current;
    }

    /** Every source is bounded and read to its end: no row can come any more, so every window is due. */
    void endOfInput() {
        current = Long.MAX_VALUE;
    }

    private static long saturatedMinus(long value, long delay) {
        long result = value - delay;
        return ((value ^ delay) & (value ^ result)) < 0 ? Long.MIN_VALUE : result;
    }
}
