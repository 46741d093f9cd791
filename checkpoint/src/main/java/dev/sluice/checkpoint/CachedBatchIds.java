package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * The range of batch ids of one driver-owned {@link BatchLog} (offsets, commits), listed once and then kept up to
 * date by this run's own publishes and purges. Listing a directory is the costly call on an object store, and the
 * per-batch path must not pay for it: this run owns the checkpoint, so nobody else adds or removes entries.
 */
final class CachedBatchIds {
    private final BatchLog log;
    private boolean known;
    private long earliest = -1;
    private long latest = -1;

    CachedBatchIds(BatchLog log) {
        this.log = requireNonNull(log, "log is null");
    }

    /** Lists the log again, resets the cache, and returns the ids in ascending order. */
    synchronized List<Long> refresh() throws IOException {
        List<Long> ids = log.batchIds();
        known = true;
        earliest = ids.isEmpty() ? -1 : ids.get(0);
        latest = ids.isEmpty() ? -1 : ids.get(ids.size() - 1);
        return ids;
    }

    synchronized OptionalLong latest() throws IOException {
        if (!known) {
            refresh();
        }
        return latest < 0 ? OptionalLong.empty() : OptionalLong.of(latest);
    }

    /**
     * Refuses to publish a batch that would leave a gap after the latest entry: the restart rule could not use
     * such a log. Re-publishing an earlier batch is allowed; the store turns it into a no-op or a conflict.
     */
    synchronized void checkCanPublish(long batchId) throws IOException {
        if (!known) {
            refresh();
        }
        if (latest >= 0 && batchId > latest + 1) {
            throw new IllegalStateException("cannot publish " + log.describe(batchId) + ": the latest entry is "
                    + log.describe(latest) + ", and batch ids must follow each other without a gap");
        }
    }

    synchronized void published(long batchId) {
        if (!known) {
            return;
        }
        if (latest < 0) {
            earliest = batchId;
        }
        latest = Math.max(latest, batchId);
    }

    /**
     * Deletes the entries below {@code firstToKeep}, oldest first, so that a crash part-way leaves a log without
     * gaps.
     *
     * @return how many entries were deleted
     */
    synchronized int purgeBefore(long firstToKeep) throws IOException {
        if (!known) {
            refresh();
        }
        if (earliest < 0 || firstToKeep <= earliest) {
            return 0;
        }
        long stop = Math.min(firstToKeep, latest + 1);
        int deleted = 0;
        for (long id = earliest; id < stop; id++) {
            log.delete(id);
            earliest = id + 1;
            deleted++;
        }
        if (earliest > latest) {
            earliest = -1;
            latest = -1;
        }
        return deleted;
    }
}
