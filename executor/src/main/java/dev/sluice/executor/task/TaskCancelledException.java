package dev.sluice.executor.task;

/** A task stopped because the driver cancelled it (or the executor is stopping). */
public final class TaskCancelledException extends RuntimeException {
    public TaskCancelledException(String message) {
        super(message);
    }
}
