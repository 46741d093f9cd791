package dev.sluice.executor.operator;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.memory.BufferAllocator;

/**
 * What an operator instance gets from its task: where to allocate, and names for messages.
 *
 * @param allocator a child allocator of the task's, closed after the operator; a leak fails the task
 * @param queryId the persistent query id
 * @param batchId the batch the task belongs to
 * @param taskIndex the task's index within the batch
 */
public record OperatorContext(BufferAllocator allocator, String queryId, long batchId, int taskIndex) {
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
}
