package dev.sluice.executor.shuffle;

/**
 * Shuffle data could not be written, found or read. The message names the query, batch, map task, state partition
 * and, for a read, the executor it was read from, so a failed state task says which input broke.
 */
public class ShuffleException extends RuntimeException {
    public ShuffleException(String message) {
        super(message);
    }

    public ShuffleException(String message, Throwable cause) {
        super(message, cause);
    }
}
