package dev.sluice.checkpoint;

/**
 * A checkpoint that cannot be used as it is: a conflicting writer, a corrupt or foreign file, or a log whose
 * files do not fit the restart rule. The message always names the file(s) involved and what is wrong.
 * Unchecked, because no caller can fix the checkpoint by retrying; the user has to look at it.
 */
public class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
