package dev.sluice.executor.shuffle;

import static java.util.Objects.requireNonNull;

/**
 * One map (scan) task's output for one state partition: the unit the store keeps, a fetch asks for and a reader
 * reads. Errors about shuffle data name it through {@link #describe()}.
 */
public record MapOutputId(String queryId, long batchId, int mapTaskIndex, int partition) {
    public MapOutputId {
        requireNonNull(queryId, "queryId is null");
        if (batchId < 0) {
            throw new IllegalArgumentException("batchId must not be negative: " + batchId);
        }
        if (mapTaskIndex < 0) {
            throw new IllegalArgumentException("mapTaskIndex must not be negative: " + mapTaskIndex);
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative: " + partition);
        }
    }

    /** "query q, batch 7, map task 2, partition 1": the words every shuffle error uses. */
    public String describe() {
        return "query " + queryId + ", batch " + batchId + ", map task " + mapTaskIndex + ", partition " + partition;
    }
}
