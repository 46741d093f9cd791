package dev.sluice.connector;

/**
 * How much one batch may take from a source. The source's own options set its default
 * ({@link Source#defaultReadLimit()}); the engine passes a limit back with every {@link Source#latestOffset} call.
 */
public sealed interface ReadLimit {
    /** Everything available. */
    ReadLimit ALL_AVAILABLE = new AllAvailable();

    static ReadLimit maxRows(long rows) {
        return new MaxRows(rows);
    }

    static ReadLimit maxFiles(int files) {
        return new MaxFiles(files);
    }

    record AllAvailable() implements ReadLimit {}

    record MaxRows(long rows) implements ReadLimit {
        public MaxRows {
            if (rows < 1) {
                throw new IllegalArgumentException("a row limit must be positive: " + rows);
            }
        }
    }

    record MaxFiles(int files) implements ReadLimit {
        public MaxFiles {
            if (files < 1) {
                throw new IllegalArgumentException("a file limit must be positive: " + files);
            }
        }
    }
}
