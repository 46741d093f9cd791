package dev.sluice.connector.filesystem;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.SinkWriter;
import dev.sluice.connector.WriterRequest;
import dev.sluice.connector.filesystem.format.Column;
import dev.sluice.connector.filesystem.format.RecordEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes one task's rows of one batch to one in-progress file, {@code .part-<batch>-<partition>-<uuid>.<ext>
 * .inprogress}, which no reader of the directory sees (its name starts with {@code .}). The file is created on
 * the first row, so a task without rows leaves nothing. {@link #commit()} syncs it to disk and names it in the
 * commit message; only the driver's {@link FileSystemSink#commit} makes it visible. {@link #abort()} (and
 * {@link #close()} without a commit) deletes it.
 *
 * <p>When the sink's log already holds the batch (a replay after a crash between the sink commit and the
 * checkpoint commit), the writer writes nothing and says so in its message.
 */
final class FileSinkWriter implements SinkWriter {
    private enum State { OPEN, COMMITTED, ABORTED }

    private final Path directory;
    private final FileFormat format;
    private final List<Column> columns;
    private final boolean alreadyCommitted;
    private final String inProgressName;
    private final String finalName;

    private State state = State.OPEN;
    private boolean created;
    private FileChannel channel;
    private OutputStream stream;
    private RecordEncoder encoder;
    private long rows;

    FileSinkWriter(Path directory, FileFormat format, List<Column> columns, WriterRequest request,
            boolean alreadyCommitted) {
        this.directory = requireNonNull(directory, "directory is null");
        this.format = requireNonNull(format, "format is null");
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(request, "request is null");
        this.alreadyCommitted = alreadyCommitted;
        // Each attempt of a task gets its own uuid, so a retried task never collides with a failed attempt's file.
        String uuid = UUID.randomUUID().toString();
        String stem = String.format(Locale.ROOT, "part-%020d-%04d-", request.batchId(), request.partitionId());
        this.inProgressName = "." + stem + uuid + "." + format.extension() + ".inprogress";
        this.finalName = stem + uuid.substring(0, 8) + "." + format.extension();
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
        checkOpen("write");
        if (alreadyCommitted || batch.getRowCount() == 0) {
            return;
        }
        if (encoder == null) {
            Path file = directory.resolve(inProgressName);
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            created = true;
            stream = Channels.newOutputStream(channel);
            encoder = format.newEncoder(stream, file.toString(), columns);
        }
        encoder.write(batch);
        rows += batch.getRowCount();
    }

    @Override
    public String commit() throws IOException {
        checkOpen("commit");
        state = State.COMMITTED;
        if (encoder == null) {
            return new SinkCommitMessage(alreadyCommitted, List.of()).json();
        }
        encoder.flush();
        stream.flush();
        channel.force(true); // the bytes are durable before the driver can make the name visible
        long bytes = channel.size();
        channel.close();
        return new SinkCommitMessage(false, List.of(new WrittenFile(finalName, inProgressName, rows, bytes))).json();
    }

    @Override
    public void abort() throws IOException {
        if (state == State.ABORTED) {
            return;
        }
        state = State.ABORTED;
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            if (created) {
                Files.deleteIfExists(directory.resolve(inProgressName));
            }
        }
    }

    /** Without a commit, the task failed: its output goes. After a commit, the driver owns the file. */
    @Override
    public void close() throws IOException {
        if (state == State.OPEN) {
            abort();
        }
    }

    private void checkOpen(String action) {
        if (state != State.OPEN) {
            throw new IllegalStateException("cannot " + action + ": the writer of " + inProgressName + " is "
                    + state.name().toLowerCase(Locale.ROOT));
        }
    }
}
