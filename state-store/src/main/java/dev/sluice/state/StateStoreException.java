package dev.sluice.state;

import static java.util.Objects.requireNonNull;

/**
 * A state store that cannot load, read, write or commit. The message always names the operator, the partition,
 * the version involved (when there is one) and the file or directory (when there is one), so that a user can find
 * what is wrong without a debugger. Unchecked: the batch fails, and the driver's restart rule decides what runs
 * next.
 */
public final class StateStoreException extends RuntimeException {
    /** The version of a store that has not been loaded yet, or of an error that is about no version. */
    public static final long NO_VERSION = Long.MIN_VALUE;

    private final StateStoreId storeId;
    private final long version;
    private final String path;

    public StateStoreException(StateStoreId storeId, long version, String path, String problem) {
        this(storeId, version, path, problem, null);
    }

    public StateStoreException(StateStoreId storeId, long version, String path, String problem, Throwable cause) {
        super(message(storeId, version, path, problem), cause);
        this.storeId = storeId;
        this.version = version;
        this.path = path;
    }

    private static String message(StateStoreId storeId, long version, String path, String problem) {
        requireNonNull(storeId, "storeId is null");
        requireNonNull(problem, "problem is null");
        StringBuilder message = new StringBuilder("state store of ").append(storeId);
        if (version != NO_VERSION) {
            message.append(", version ").append(version);
        }
        if (path != null) {
            message.append(", at ").append(path);
        }
        return message.append(": ").append(problem).toString();
    }

    public StateStoreId storeId() {
        return storeId;
    }

    /** The version involved, or {@link #NO_VERSION}. */
    public long version() {
        return version;
    }

    /** The file or directory involved, or null. */
    public String path() {
        return path;
    }
}
