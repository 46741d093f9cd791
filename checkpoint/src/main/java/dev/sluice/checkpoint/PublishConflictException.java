package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

/** A publish found its file already present with other content: another run owns this checkpoint. */
public final class PublishConflictException extends CheckpointException {
    private final String file;

    public PublishConflictException(String file) {
        super(requireNonNull(file, "file is null")
                + ": already exists with different content; another run owns this checkpoint"
                + " (stop the other run, or use a new checkpoint location)");
        this.file = file;
    }

    /** The full location of the conflicting file. */
    public String file() {
        return file;
    }
}
