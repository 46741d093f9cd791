package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

/** A checkpoint file that is torn, corrupt, of an unknown format version, or not a file of the expected kind. */
public final class CorruptCheckpointFileException extends CheckpointException {
    private final String file;
    private final String problem;

    public CorruptCheckpointFileException(String file, String problem) {
        super(requireNonNull(file, "file is null") + ": " + requireNonNull(problem, "problem is null"));
        this.file = file;
        this.problem = problem;
    }

    public CorruptCheckpointFileException(String file, String problem, Throwable cause) {
        super(requireNonNull(file, "file is null") + ": " + requireNonNull(problem, "problem is null"), cause);
        this.file = file;
        this.problem = problem;
    }

    /** The full location of the bad file. */
    public String file() {
        return file;
    }

    /** What is wrong with it, in plain words (for example "torn: ends before its checksum line"). */
    public String problem() {
        return problem;
    }
}
