package dev.sluice.connector.log;

import static java.util.Objects.requireNonNull;

import dev.sluice.checkpoint.BatchLog;
import dev.sluice.checkpoint.PublishOnceStore;
import dev.sluice.connector.SourceLog;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A source's private log kept in the query's checkpoint, {@code sources/<i>/<id>}: each entry is one JSON line in
 * a publish-once, checksummed file (kind {@code source-log}).
 */
public final class CheckpointSourceLog implements SourceLog {
    private static final int VERSION = 1;

    private final BatchLog log;

    public CheckpointSourceLog(PublishOnceStore checkpoint, int sourceIndex) {
        requireNonNull(checkpoint, "checkpoint is null");
        if (sourceIndex < 0) {
            throw new IllegalArgumentException("sourceIndex must not be negative: " + sourceIndex);
        }
        this.log = new BatchLog(checkpoint, "sources/" + sourceIndex, "source-log", VERSION);
    }

    @Override
    public boolean publish(long id, String json) throws IOException {
        return log.publish(id, List.of(requireNonNull(json, "json is null")));
    }

    @Override
    public Optional<String> get(long id) throws IOException {
        Optional<List<String>> lines = log.get(id);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        if (lines.get().size() != 1) {
            throw new dev.sluice.checkpoint.CorruptCheckpointFileException(log.describe(id),
                    "a source log entry holds exactly one JSON line, found " + lines.get().size());
        }
        return Optional.of(lines.get().get(0));
    }

    @Override
    public List<Long> ids() throws IOException {
        return log.batchIds();
    }

    @Override
    public OptionalLong latestId() throws IOException {
        return log.latestBatchId();
    }

    @Override
    public void purgeBefore(long firstToKeep) throws IOException {
        log.purgeBefore(firstToKeep);
    }
}
