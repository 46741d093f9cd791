package dev.sluice.executor.shuffle;

/**
 * A state task's input cannot exist: the map (scan) task that was to write it failed or was cancelled. The map
 * task's own failure is the one to report; this one only says why the waiting state task stopped.
 */
public final class MapTaskFailedException extends ShuffleException {
    public MapTaskFailedException(String message) {
        super(message);
    }

    public MapTaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
