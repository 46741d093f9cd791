package dev.sluice.connector;

import static java.util.Objects.requireNonNull;

/**
 * @param start the range's exclusive start
 * @param end the range's inclusive end
 * @param batchId the batch this range belongs to
 * @param parallelism how many tasks the engine would like to run (a hint; a source may return fewer or more)
 */
public record PlanPartitionsRequest(Offset start, Offset end, long batchId, int parallelism) {
    public PlanPartitionsRequest {
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        if (batchId < 0) {
            throw new IllegalArgumentException("batchId must not be negative: " + batchId);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
        }
    }
}
