package dev.sluice.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

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
public final class CommitLog extends TrackedBatchLog<CommitEntry> {
    /** The log's directory under the checkpoint root. */
    public static final String DIRECTORY = "commits";
    /** The kind in the files' format line. */
    public static final String KIND = "commits";
    /** The layout version written, and the highest read. */
    public static final int VERSION = 1;

    public CommitLog(PublishOnceStore store) {
        super(store, DIRECTORY, KIND, VERSION);
    }

    @Override
    long batchIdOf(CommitEntry entry) {
        return entry.batchId();
    }

    @Override
    List<String> linesOf(CommitEntry entry) {
        return encode(entry);
    }

    @Override
    CommitEntry entryOf(String file, long batchId, List<String> lines) {
        return decode(file, batchId, lines);
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
