package dev.sluice.connector;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.memory.BufferAllocator;

/**
 * @param queryId the persistent id of the query (the same across restarts)
 * @param batchId the batch being written
 * @param partitionId the task's partition within the batch
 * @param allocator for any buffers the writer needs
 */
public record WriterRequest(String queryId, long batchId, int partitionId, BufferAllocator allocator) {
    public WriterRequest {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(allocator, "allocator is null");
        if (batchId < 0) {
            throw new IllegalArgumentException("batchId must not be negative: " + batchId);
        }
        if (partitionId < 0) {
            throw new IllegalArgumentException("partitionId must not be negative: " + partitionId);
        }
    }
}
