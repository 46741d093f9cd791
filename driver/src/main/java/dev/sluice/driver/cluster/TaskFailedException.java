package dev.sluice.driver.cluster;

import static java.util.Objects.requireNonNull;

/** A task (or a query's preparation) failed on an executor; the message names the executor and the task. */
public final class TaskFailedException extends RuntimeException {
    private final String executorId;

    public TaskFailedException(String executorId, String message, Throwable cause) {
        super(message, cause);
        this.executorId = requireNonNull(executorId, "executorId is null");
    }

    /** The executor the failure happened on. */
    public String executorId() {
        return executorId;
    }
}
