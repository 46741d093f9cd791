package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The commit log, {@code commits/<N>}: one file per finished batch, published after the sink committed it.
 *
 * <p>File layout (kind {@code commits}, version 1, see {@link CheckpointFileFormat}):
 *
 * <pre>
 * sluice-commits v1
 * {"batchId":7,"nextWatermarkMs":1764028795000,"committedAtMs":1764028801234}
 * crc32c 1a2b3c4d
 * </pre>
 *
 * <p>Each publish is exactly one durable publish; the latest batch id is listed once and then tracked.
 */
public final class CommitLog {
    /** The log's directory under the checkpoint root. */
    public static final String DIRECTORY = "commits";
    /** The kind in the files' format line. */
    public static final String KIND = "commits";
    /** The layout version written, and the highest read. */
    public static final int VERSION = 1;

    private final BatchLog log;
    private final CachedBatchIds ids;

    public CommitLog(PublishOnceStore store) {
        this.log = new BatchLog(requireNonNull(store, "store is null"), DIRECTORY, KIND, VERSION);
        this.ids = new CachedBatchIds(log);
    }

    /**
     * Publishes batch N's commit (one durable publish).
     *
     * @return true if published now; false if this exact entry was already there
     * @throws PublishConflictException if another commit for N is there: another run owns the checkpoint
     * @throws IllegalStateException if N would leave a gap after the latest commit
     */
    public boolean publish(CommitEntry entry) throws IOException {
        requireNonNull(entry, "entry is null");
        ids.checkCanPublish(entry.batchId());
        boolean created = log.publish(entry.batchId(), encode(entry));
        ids.published(entry.batchId());
        return created;
    }

    /** Batch N's commit, or empty if the log has none. */
    public Optional<CommitEntry> get(long batchId) throws IOException {
        Optional<List<String>> lines = log.get(batchId);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(decode(log.describe(batchId), batchId, lines.get()));
    }

    /** The latest committed batch id (listed once, then tracked). */
    public OptionalLong latestBatchId() throws IOException {
        return ids.latest();
    }

    /** The latest commit, if any. */
    public Optional<CommitEntry> latest() throws IOException {
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

    static List<String> encode(CommitEntry entry) {
        return List.of(CheckpointJson.line(generator -> {
            generator.writeStartObject();
            generator.writeNumberField("batchId", entry.batchId());
            generator.writeNumberField("nextWatermarkMs", entry.nextWatermarkMs());
            generator.writeNumberField("committedAtMs", entry.committedAtMs());
            generator.writeEndObject();
        }));
    }

    static CommitEntry decode(String file, long expectedBatchId, List<String> lines) {
        if (lines.size() != 1) {
            throw new CorruptCheckpointFileException(file, "a commits file holds exactly one JSON line, found "
                    + lines.size());
        }
        ObjectNode commit = CheckpointJson.parseObject(file, 2, lines.get(0));
        long batchId = CheckpointJson.requiredLong(file, 2, commit, "batchId");
        if (batchId != expectedBatchId) {
            throw new CorruptCheckpointFileException(file, "line 2: batchId is " + batchId + " but the file is"
                    + " named " + expectedBatchId + " (was it copied or renamed?)");
        }
        return new CommitEntry(batchId,
                CheckpointJson.requiredLong(file, 2, commit, "nextWatermarkMs"),
                CheckpointJson.requiredLong(file, 2, commit, "committedAtMs"));
    }
}
