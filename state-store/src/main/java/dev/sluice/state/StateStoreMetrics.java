package dev.sluice.state;

/**
 * What a state store reports after each commit (in the query progress's {@code stateOperators}).
 *
 * @param estimatedKeys the engine's estimate of the number of keys (not exact: it counts overwritten keys until
 *     compaction)
 * @param bytesOnDisk the size of the store's local files
 * @param memoryBytes memory used by the store's write buffers and table readers (the block cache is shared per
 *     executor and reported by the provider, not here)
 * @param lastCommitNanos how long the last {@code commit} took, publishing included; 0 before the first one
 * @param lastChangelogBytes the size of the last published changelog; 0 before the first commit
 */
public record StateStoreMetrics(
        long estimatedKeys, long bytesOnDisk, long memoryBytes, long lastCommitNanos, long lastChangelogBytes) {
    public StateStoreMetrics {
        if (estimatedKeys < 0 || bytesOnDisk < 0 || memoryBytes < 0 || lastCommitNanos < 0
                || lastChangelogBytes < 0) {
            throw new IllegalArgumentException("metrics must not be negative");
        }
    }
}
