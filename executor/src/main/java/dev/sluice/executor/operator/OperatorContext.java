package dev.sluice.executor.operator;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.memory.BufferAllocator;

/**
 * What an operator instance gets from its task: where to allocate, names for messages, and the batch's
 * event-time watermark.
 *
 * @param allocator a child allocator of the task's, closed after the operator; a leak fails the task
 * @param queryId the persistent query id
 * @param batchId the batch the task belongs to
 * @param taskIndex the task's index within the batch
 * @param watermarkMs the batch's event-time watermark (epoch milliseconds), {@link #NO_WATERMARK} when the query
 *     has none; fixed for the whole batch (it moves only between batches)
 */
public record OperatorContext(BufferAllocator allocator, String queryId, long batchId, int taskIndex,
        long watermarkMs) {
    /** The watermark of a query without event time, or before the first batch that saw any. */
    public static final long NO_WATERMARK = Long.MIN_VALUE;

    public OperatorContext {
        requireNonNull(allocator, "allocator is null");
        requireNonNull(queryId, "queryId is null");
        if (batchId < 0) {
            throw new IllegalArgumentException("batchId must not be negative: " + batchId);
        }
        if (taskIndex < 0) {
            throw new IllegalArgumentException("taskIndex must not be negative: " + taskIndex);
        }
    }

    /** A context without a watermark. */
    public OperatorContext(BufferAllocator allocator, String queryId, long batchId, int taskIndex) {
        this(allocator, queryId, batchId, taskIndex, NO_WATERMARK);
    }
}
