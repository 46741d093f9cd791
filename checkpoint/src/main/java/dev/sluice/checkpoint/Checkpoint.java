package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A query's checkpoint, as the driver sees it:
 *
 * <pre>
 * &lt;checkpoint&gt;/
 *   metadata          {"id": "&lt;persistent query uuid&gt;"}, written once     ({@link QueryMetadataFile})
 *   offsets/&lt;N&gt;       write-ahead record of batch N                       ({@link OffsetLog})
 *   commits/&lt;N&gt;       batch N is done                                     ({@link CommitLog})
 *   sources/&lt;i&gt;/...   source i's private logs, kept and purged by the source itself
 *   state/...         state-store files, kept by the executors
 * </pre>
 *
 * <p>Opening a checkpoint removes the temporary files that crashed publishers left in the root, {@code offsets/}
 * and {@code commits/}, and reads the metadata (creating it on a new checkpoint). Call {@link #restartPoint()}
 * once at query start, then per batch {@code offsets().publish}, {@code commits().publish} and, when convenient,
 * {@link #purge()}. One run at a time owns a checkpoint; a second run is stopped by a {@link
 * PublishConflictException} at its first publish.
 */
public final class Checkpoint implements Closeable {
    /** How many of the latest batches retention keeps by default. */
    public static final int DEFAULT_RETENTION = 100;

    private final PublishOnceStore store;
    private final QueryMetadata metadata;
    private final OffsetLog offsets;
    private final CommitLog commits;

    private Checkpoint(PublishOnceStore store, QueryMetadata metadata) {
        this.store = store;
        this.metadata = metadata;
        this.offsets = new OffsetLog(store);
        this.commits = new CommitLog(store);
    }

    /** Opens the checkpoint at a local path, a {@code file:} URI or an {@code s3a://} URI. */
    public static Checkpoint open(String location) throws IOException {
        return open(location, Map.of());
    }

    /**
     * Opens the checkpoint at {@code location}.
     *
     * @param fileSystemOptions Hadoop configuration for a non-local location (for example {@code fs.s3a.endpoint});
     *     ignored for a local one
     */
    public static Checkpoint open(String location, Map<String, String> fileSystemOptions) throws IOException {
        PublishOnceStore store = PublishOnceStores.open(location, fileSystemOptions);
        try {
            return open(store);
        } catch (IOException | RuntimeException e) {
            closeQuietly(store, e);
            throw e;
        }
    }

    /** Opens the checkpoint held by {@code store}; closing the checkpoint closes the store if it is closeable. */
    public static Checkpoint open(PublishOnceStore store) throws IOException {
        requireNonNull(store, "store is null");
        // Safe here and only here: this run is starting, and a run that still publishes would make this run fail
        // at its first publish anyway.
        store.removeTemporaryFiles("");
        store.removeTemporaryFiles(OffsetLog.DIRECTORY);
        store.removeTemporaryFiles(CommitLog.DIRECTORY);
        return new Checkpoint(store, QueryMetadataFile.loadOrCreate(store));
    }

    /** The store under the checkpoint, for the sources' private logs ({@code sources/<i>/}). */
    public PublishOnceStore store() {
        return store;
    }

    /** The checkpoint's location: the absolute path of a local checkpoint, the URI of a remote one. */
    public String location() {
        return store.location();
    }

    /** The query's persistent metadata (its id). */
    public QueryMetadata metadata() {
        return metadata;
    }

    public OffsetLog offsets() {
        return offsets;
    }

    public CommitLog commits() {
        return commits;
    }

    /** Where the query resumes; refuses a checkpoint whose logs do not fit the restart rule ({@link RestartRule}). */
    public RestartPoint restartPoint() throws IOException {
        return RestartRule.decide(offsets, commits);
    }

    /** {@link #purge(int)} with {@link #DEFAULT_RETENTION}. */
    public int purge() throws IOException {
        return purge(DEFAULT_RETENTION);
    }

    /**
     * Deletes the offsets and commits entries older than the last {@code retention} batches. The window ends at
     * the older of the latest offsets and latest commit, so the files a restart needs (the latest offsets, and the
     * latest commit, which is N or N-1) are never deleted, whatever the retention. Each log is purged oldest first,
     * so a crash part-way leaves no gap.
     *
     * @return how many files were deleted
     */
    public int purge(int retention) throws IOException {
        if (retention < 1) {
            throw new IllegalArgumentException("retention must keep at least one batch: " + retention);
        }
        OptionalLong latestOffsets = offsets.latestBatchId();
        OptionalLong latestCommit = commits.latestBatchId();
        if (latestOffsets.isEmpty() || latestCommit.isEmpty()) {
            return 0;
        }
        long newestKept = Math.min(latestOffsets.getAsLong(), latestCommit.getAsLong());
        long firstToKeep = newestKept - retention + 1;
        if (firstToKeep <= 0) {
            return 0;
        }
        return offsets.purgeBefore(firstToKeep) + commits.purgeBefore(firstToKeep);
    }

    /** Closes the store (for an object store: its connections). */
    @Override
    public void close() throws IOException {
        if (store instanceof Closeable closeable) {
            closeable.close();
        }
    }

    private static void closeQuietly(PublishOnceStore store, Exception failure) {
        if (store instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException suppressed) {
                failure.addSuppressed(suppressed);
            }
        }
    }
}
