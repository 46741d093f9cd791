package dev.sluice.driver.cluster;

import static java.util.Objects.requireNonNull;

import dev.sluice.executor.rpc.proto.RunTaskResponse;

/**
 * A finished task.
 *
 * @param taskIndex the task's index in its batch
 * @param executorId where it ran
 * @param response the executor's answer: commit message, row counts, timings
 */
public record TaskOutcome(int taskIndex, String executorId, RunTaskResponse response) {
    public TaskOutcome {
        requireNonNull(executorId, "executorId is null");
        requireNonNull(response, "response is null");
    }
}
