package dev.sluice.executor.task;

import static java.util.Objects.requireNonNull;

import dev.sluice.executor.operator.OperatorContext;

/**
 * One task: pipeline {@code pipelineIndex} of a prepared query over one input partition of batch {@code batchId}.
 *
 * @param taskIndex unique within the batch; the sink writer's partition id
 * @param inputPartitionJson the source's partition, as the driver's source instance wrote it
 * @param attempt 0 for the first try; a retry of the same task writes the same output again
 * @param watermarkMs the batch's event-time watermark, {@link OperatorContext#NO_WATERMARK} when there is none
 * @param stateful what a task of a stateful query needs besides (its stage, partitions, shuffle inputs); null for a
 *     task of a stateless query
 */
public record TaskRequest(String queryId, long batchId, int pipelineIndex, int taskIndex, String inputPartitionJson,
        int attempt, long watermarkMs, StatefulTask stateful) {
    /** A task of a stateless query without a watermark. */
    public TaskRequest(String queryId, long batchId, int pipelineIndex, int taskIndex, String inputPartitionJson,
            int attempt) {
        this(queryId, batchId, pipelineIndex, taskIndex, inputPartitionJson, attempt, OperatorContext.NO_WATERMARK,
                null);
    }

    public TaskRequest {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(inputPartitionJson, "inputPartitionJson is null");
        if (batchId < 0) {
            throw new IllegalArgumentException("batchId must not be negative: " + batchId);
        }
        if (pipelineIndex < 0) {
            throw new IllegalArgumentException("pipelineIndex must not be negative: " + pipelineIndex);
        }
        if (taskIndex < 0) {
            throw new IllegalArgumentException("taskIndex must not be negative: " + taskIndex);
        }
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative: " + attempt);
        }
    }

    /** "task 3 of batch 7 of query q", for messages and allocator names. */
    public String describe() {
        return "task " + taskIndex + " of batch " + batchId + " of query " + queryId;
    }
}
