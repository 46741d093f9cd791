package dev.sluice.executor.aggregate;

/**
 * What a state task's aggregation reports for its partition after a batch (Spark's StateOperatorProgress fields
 * that the operator knows; the store adds commit time, memory and bytes on disk).
 *
 * @param numRowsTotal the groups (result rows: windows, sessions, keys) the partition holds after the batch; exact,
 *     from per-key-group counters kept in the state
 * @param numRowsUpdated the groups the batch wrote (new or changed)
 * @param numRowsRemoved the groups the batch deleted: windows and sessions the watermark closed, and stored
 *     sessions merged into a session with other bounds
 * @param allUpdatesNanos the time spent merging the batch into the state: adding the partial batches, reading,
 *     merging and writing back the touched groups (not emitting or evicting)
 */
public record StateOperatorCounts(long numRowsTotal, long numRowsUpdated, long numRowsRemoved, long allUpdatesNanos) {
    public StateOperatorCounts {
        if (numRowsTotal < 0 || numRowsUpdated < 0 || numRowsRemoved < 0 || allUpdatesNanos < 0) {
            throw new IllegalArgumentException("state operator counts must not be negative: total " + numRowsTotal
                    + ", updated " + numRowsUpdated + ", removed " + numRowsRemoved + ", nanos " + allUpdatesNanos);
        }
    }
}
