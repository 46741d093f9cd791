package dev.sluice.executor.task;

import static java.util.Objects.requireNonNull;

/**
 * What a finished task hands back to the driver.
 *
 * @param commitMessage the sink writer's commit message
 * @param inputRows rows read from the partition
 * @param outputRows rows given to the sink writer
 * @param readNanos time spent in the source reader
 * @param operatorNanos time spent in the operators
 * @param writeNanos time spent in the sink writer, its commit included
 * @param totalNanos the task's whole run
 * @param stateful what a task of a stateful query measured besides; {@link StatefulTaskResult#NONE} otherwise
 */
public record TaskResult(String commitMessage, long inputRows, long outputRows, long readNanos, long operatorNanos,
        long writeNanos, long totalNanos, StatefulTaskResult stateful) {
    public TaskResult {
        requireNonNull(commitMessage, "commitMessage is null");
        requireNonNull(stateful, "stateful is null");
    }

    public TaskResult(String commitMessage, long inputRows, long outputRows, long readNanos, long operatorNanos,
            long writeNanos, long totalNanos) {
        this(commitMessage, inputRows, outputRows, readNanos, operatorNanos, writeNanos, totalNanos,
                StatefulTaskResult.NONE);
    }
}
