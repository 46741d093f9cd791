package dev.sluice.connector;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.memory.BufferAllocator;

/**
 * @param partition what to read
 * @param allocator where the reader allocates its batches (a child allocator of the task; closed after the reader)
 * @param maxRowsPerBatch the most rows one {@link PartitionReader#loadNextBatch()} may load
 */
public record ReaderRequest(InputPartition partition, BufferAllocator allocator, int maxRowsPerBatch) {
    public ReaderRequest {
        requireNonNull(partition, "partition is null");
        requireNonNull(allocator, "allocator is null");
        if (maxRowsPerBatch < 1) {
            throw new IllegalArgumentException("maxRowsPerBatch must be positive: " + maxRowsPerBatch);
        }
    }
}
