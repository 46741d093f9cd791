package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A driver-owned log of typed entries, one file per batch ({@link OffsetLog}, {@link CommitLog}). Each publish is
 * exactly one durable publish; the batch ids are listed once and then tracked, so the per-batch path lists no
 * directory (this run owns the checkpoint, so nobody else adds or removes entries).
 *
 * @param <E> the entry type
 */
public abstract class TrackedBatchLog<E> {
    private final BatchLog log;
    private final CachedBatchIds ids;

    TrackedBatchLog(PublishOnceStore store, String directory, String kind, int version) {
        this.log = new BatchLog(requireNonNull(store, "store is null"), directory, kind, version);
        this.ids = new CachedBatchIds(log);
    }

    /** The batch an entry belongs to. */
    abstract long batchIdOf(E entry);

    /** The entry as the JSON lines of its file. */
    abstract List<String> linesOf(E entry);

    /** Reads an entry back; {@code file} is named in every error. */
    abstract E entryOf(String file, long batchId, List<String> lines);

    /**
     * Publishes batch N's entry (one durable publish).
     *
     * @return true if published now; false if this exact entry was already there (the batch is being replayed)
     * @throws PublishConflictException if another entry for N is there: another run owns the checkpoint
     * @throws IllegalStateException if N would leave a gap after the latest entry
     */
    public boolean publish(E entry) throws IOException {
        requireNonNull(entry, "entry is null");
        long batchId = batchIdOf(entry);
        ids.checkCanPublish(batchId);
        boolean created = log.publish(batchId, linesOf(entry));
        ids.published(batchId);
        return created;
    }

    /** Batch N's entry, or empty if the log has none. */
    public Optional<E> get(long batchId) throws IOException {
        Optional<List<String>> lines = log.get(batchId);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(entryOf(log.describe(batchId), batchId, lines.get()));
    }

    /** The latest batch id in the log (listed once, then tracked). */
    public OptionalLong latestBatchId() throws IOException {
        return ids.latest();
    }

    /** The latest entry, if any. */
    public Optional<E> latest() throws IOException {
        OptionalLong latest = latestBatchId();
        return latest.isEmpty() ? Optional.empty() : get(latest.getAsLong());
    }

    /** Every batch id in the log, ascending; lists the directory again. */
    public List<Long> batchIds() throws IOException {
        return ids.refresh();
    }

    /**
     * Deletes the entries below {@code firstToKeep}. Retention goes through {@link Checkpoint#purge}, which keeps
     * what a restart needs.
     *
     * @return how many entries were deleted
     */
    public int purgeBefore(long firstToKeep) throws IOException {
        return ids.purgeBefore(firstToKeep);
    }

    /** The full location of batch N's file, for messages. */
    public String describe(long batchId) {
        return log.describe(batchId);
    }
}
