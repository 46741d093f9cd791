package dev.sluice.executor.task;

import static java.util.Objects.requireNonNull;

import dev.sluice.executor.rpc.proto.EventTimeStats;
import dev.sluice.executor.rpc.proto.StateOperatorMetrics;

/**
 * What a task measured for event time and state, reported to the driver.
 *
 * @param eventTime the event times of the rows a SCAN task read (count 0 when the source has no WATERMARK)
 * @param shuffleRows SCAN of a stateful query: rows written per state partition; empty otherwise
 * @param shuffleBytes SCAN of a stateful query: bytes written per state partition; empty otherwise
 * @param rowsDroppedByWatermark rows the stateful operator ignored as late
 * @param state STATE: the operator's state metrics; the default instance otherwise
 * @param lateRowsCommitMessage SCAN of a query with a late-rows table: its writer's commit message; else empty
 */
public record StatefulTaskResult(EventTimeStats eventTime, long[] shuffleRows, long[] shuffleBytes,
        long rowsDroppedByWatermark, StateOperatorMetrics state, String lateRowsCommitMessage) {
    public static final StatefulTaskResult NONE = new StatefulTaskResult(EventTimeStats.getDefaultInstance(),
            new long[0], new long[0], 0, StateOperatorMetrics.getDefaultInstance(), "");

    public StatefulTaskResult {
        requireNonNull(lateRowsCommitMessage, "lateRowsCommitMessage is null");
        requireNonNull(eventTime, "eventTime is null");
        requireNonNull(shuffleRows, "shuffleRows is null");
        requireNonNull(shuffleBytes, "shuffleBytes is null");
        requireNonNull(state, "state is null");
    }
}
