package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A directory of publish-once files named by batch id ({@code <directory>/<N>}), each in
 * {@link CheckpointFileFormat} with one kind. The offset log, the commit log, sources' private logs and the
 * file sink's {@code _sluice_log} are all batch logs.
 */
public final class BatchLog {
    private final PublishOnceStore store;
    private final String directory;
    private final String kind;
    private final int version;

    /**
     * @param directory relative to the store's root ({@code offsets}, {@code sources/0}); {@code ""} is the root
     * @param kind the file kind written in every file's format line ({@code offsets})
     * @param version the layout version this code writes, and the highest it reads
     */
    public BatchLog(PublishOnceStore store, String directory, String kind, int version) {
        this.store = requireNonNull(store, "store is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.kind = requireNonNull(kind, "kind is null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive: " + version);
        }
        this.version = version;
    }

    public String kind() {
        return kind;
    }

    /** The full location of batch {@code batchId}'s file, for messages. */
    public String describe(long batchId) {
        return store.describe(path(batchId));
    }

    /**
     * Publishes batch {@code batchId}'s entry once.
     *
     * @return true if published now, false if the identical entry was already there (a replay)
     * @throws PublishConflictException if another entry is there: another run owns the log
     */
    public boolean publish(long batchId, List<String> jsonLines) throws IOException {
        checkBatchId(batchId);
        return store.publish(path(batchId), CheckpointFileFormat.encode(kind, version, jsonLines));
    }

    /** The JSON lines of batch {@code batchId}'s entry, or empty if there is none. */
    public Optional<List<String>> get(long batchId) throws IOException {
        checkBatchId(batchId);
        String path = path(batchId);
        Optional<byte[]> bytes = store.read(path);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CheckpointFileFormat.decode(store.describe(path), bytes.get(), kind, version).jsonLines());
    }

    /**
     * The batch ids present, ascending. A file whose name is not a batch id is an error: something foreign was put
     * in the log's directory, and guessing what it means could lose data.
     */
    public List<Long> batchIds() throws IOException {
        List<Long> ids = new ArrayList<>();
        for (String name : store.list(directory)) {
            ids.add(parseBatchId(name));
        }
        ids.sort(null);
        return List.copyOf(ids);
    }

    /** The highest batch id present, if any. */
    public OptionalLong latestBatchId() throws IOException {
        List<Long> ids = batchIds();
        return ids.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ids.get(ids.size() - 1));
    }

    /**
     * Deletes every entry with a batch id below {@code firstToKeep}.
     *
     * @return how many entries were deleted
     */
    public int purgeBefore(long firstToKeep) throws IOException {
        int deleted = 0;
        for (long id : batchIds()) {
            if (id >= firstToKeep) {
                break;
            }
            store.delete(path(id));
            deleted++;
        }
        return deleted;
    }

    /**
     * Deletes batch {@code batchId}'s entry; a missing entry is not an error. For retention only: the batch
     * protocol never deletes.
     */
    public void delete(long batchId) throws IOException {
        checkBatchId(batchId);
        store.delete(path(batchId));
    }

    private long parseBatchId(String name) {
        try {
            long id = Long.parseLong(name);
            if (id >= 0 && Long.toString(id).equals(name)) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new CorruptCheckpointFileException(store.describe(directory.isEmpty() ? name : directory + "/" + name),
                "is not a " + kind + " file: names in this directory must be batch ids (0, 1, 2, ...)");
    }

    private String path(long batchId) {
        return directory.isEmpty() ? Long.toString(batchId) : directory + "/" + batchId;
    }

    private static void checkBatchId(long batchId) {
        if (batchId < 0) {
            throw new IllegalArgumentException("batch id must not be negative: " + batchId);
        }
    }

}
