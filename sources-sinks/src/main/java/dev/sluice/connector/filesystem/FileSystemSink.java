package dev.sluice.connector.filesystem;

import static java.util.Objects.requireNonNull;

import dev.sluice.checkpoint.BatchLog;
import dev.sluice.checkpoint.LocalPublishOnceStore;
import dev.sluice.checkpoint.PublishConflictException;
import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.Sink;
import dev.sluice.connector.SinkCommitRequest;
import dev.sluice.connector.SinkRecoverRequest;
import dev.sluice.connector.SinkWriter;
import dev.sluice.connector.WriterRequest;
import dev.sluice.connector.filesystem.format.Column;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Writes each batch of a query into a directory exactly once, as flat files that appear only when the batch
 * commits.
 *
 * <p>Layout of the directory:
 * <pre>
 * part-00000000000000000007-0003-1b2c3d4e.csv     visible output of batch 7, task 3
 * .part-00000000000000000008-0000-&lt;uuid&gt;.csv.inprogress   being written (invisible: starts with '.')
 * _sluice_log/7                                      batch 7 is committed: query id, batch id, its files
 * </pre>
 * The visible output is exactly the files whose names start with neither {@code _} nor {@code .}.
 *
 * <p>Commit protocol for batch N, in this order:
 * <ol>
 *   <li>Writers (executors) write and fsync their in-progress files and report them in commit messages.</li>
 *   <li>The driver publishes {@code _sluice_log/N} (publish-once: a temporary file, fsync, hard link), listing
 *       each file's final and in-progress name. <b>This is the commit point.</b></li>
 *   <li>It renames each in-progress file to its final name without overwriting (a hard link, then removing the
 *       old name), then fsyncs the directory.</li>
 * </ol>
 * Crash cases: before step 2 nothing is visible, and {@link #recover} deletes the in-progress leftovers; the
 * batch runs again with new files. After step 2, {@link #recover} (at the next start) or the replayed batch's
 * {@link #commit} finishes step 3 from the log: a file whose final name exists is done, one whose in-progress name
 * exists is renamed, and one with neither was renamed before and later removed by someone reading the output.
 * A replayed batch that the log holds writes nothing ({@link FileSinkWriter}) and its commit only rolls forward.
 * A reader never sees a partial file: a final name only ever points at a complete, synced file.
 *
 * <p>One query per directory: a log entry of another query id stops this one with an error. The log is kept
 * whole (one small file per batch with output), so that any replayed batch is recognised.
 */
public final class FileSystemSink implements Sink {
    static final String LOG_DIRECTORY = "_sluice_log";
    static final String LOG_KIND = "sink-log";
    static final int LOG_VERSION = 1;
    private static final String IN_PROGRESS_SUFFIX = ".inprogress";

    private final String tableName;
    private final List<Column> columns;
    private final FileSystemOptions options;
    private final Path directory;
    private final LocalPublishOnceStore store;
    private final BatchLog log;

    public FileSystemSink(String tableName, List<Column> columns, FileSystemOptions options) {
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
        this.options = requireNonNull(options, "options is null");
        this.directory = options.path();
        this.store = new LocalPublishOnceStore(directory);
        this.log = new BatchLog(store, LOG_DIRECTORY, LOG_KIND, LOG_VERSION);
    }

    @Override
    public void recover(SinkRecoverRequest request) {
        try {
            Files.createDirectories(directory);
            OptionalLong latest = log.latestBatchId();
            if (latest.isPresent()) {
                SinkLogEntry entry = readLogEntry(latest.getAsLong()).orElseThrow();
                checkSameQuery(entry, request.queryId());
                // Only the latest batch can have been cut short: batch N+1 starts after N's renames finished.
                rollForward(entry);
            }
            deleteInProgressFiles();
            store.removeTemporaryFiles(LOG_DIRECTORY);
        } catch (IOException e) {
            throw new UncheckedIOException("table " + tableName + ": cannot recover sink directory " + directory
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SinkWriter createWriter(WriterRequest request) {
        try {
            Files.createDirectories(directory);
            Optional<SinkLogEntry> logged = readLogEntry(request.batchId());
            if (logged.isPresent()) {
                checkSameQuery(logged.get(), request.queryId());
            }
            return new FileSinkWriter(directory, options.format(), columns, request, logged.isPresent());
        } catch (IOException e) {
            throw new UncheckedIOException("table " + tableName + ": cannot write to sink directory " + directory
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void commit(SinkCommitRequest request) {
        try {
            Files.createDirectories(directory);
            List<SinkCommitMessage> messages = parse(request.commitMessages());
            Optional<SinkLogEntry> logged = readLogEntry(request.batchId());
            if (logged.isEmpty()) {
                SinkLogEntry entry = new SinkLogEntry(request.queryId(), request.batchId(), newFiles(request, messages));
                try {
                    log.publish(request.batchId(), List.of(entry.json())); // the commit point
                    rollForward(entry);
                    return;
                } catch (PublishConflictException committedMeanwhile) {
                    logged = readLogEntry(request.batchId());
                }
            }
            // The batch was committed before (a replay): finish that commit, drop what this attempt wrote.
            SinkLogEntry entry = logged.orElseThrow();
            checkSameQuery(entry, request.queryId());
            rollForward(entry);
            deleteUnlisted(messages, entry);
        } catch (IOException e) {
            throw new UncheckedIOException("table " + tableName + ": cannot commit batch " + request.batchId()
                    + " to sink directory " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void abort(SinkCommitRequest request) {
        try {
            List<SinkCommitMessage> messages = parse(request.commitMessages());
            Optional<SinkLogEntry> logged = readLogEntry(request.batchId());
            if (logged.isPresent()) {
                deleteUnlisted(messages, logged.get()); // what the log lists is committed output
                return;
            }
            for (SinkCommitMessage message : messages) {
                for (WrittenFile file : message.files()) {
                    Files.deleteIfExists(directory.resolve(file.inProgressName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("table " + tableName + ": cannot abort batch " + request.batchId()
                    + " in sink directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The files a first commit of the batch publishes; each must still be there, in progress. */
    private List<WrittenFile> newFiles(SinkCommitRequest request, List<SinkCommitMessage> messages) {
        List<WrittenFile> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (SinkCommitMessage message : messages) {
            if (message.alreadyCommitted()) {
                throw new ConnectorException("table " + tableName + ": a writer found batch " + request.batchId()
                        + " committed, but " + log.describe(request.batchId()) + " is missing; was the sink's log"
                        + " removed while the query ran?");
            }
            for (WrittenFile file : message.files()) {
                if (!names.add(file.name())) {
                    throw new ConnectorException("table " + tableName + ": two writers of batch " + request.batchId()
                            + " report the file " + file.name());
                }
                if (!Files.isRegularFile(directory.resolve(file.inProgressName()))) {
                    throw new ConnectorException("table " + tableName + ": cannot commit batch " + request.batchId()
                            + ": its in-progress file " + directory.resolve(file.inProgressName()) + " is missing"
                            + " (was it aborted, or removed by a recovery that ran meanwhile?)");
                }
                files.add(file);
            }
        }
        return files;
    }

    /** Makes every file of a logged batch visible; safe to repeat (see the class comment for each case). */
    private void rollForward(SinkLogEntry entry) throws IOException {
        boolean renamed = false;
        for (WrittenFile file : entry.files()) {
            Path target = directory.resolve(file.name());
            Path inProgress = directory.resolve(file.inProgressName());
            boolean targetExists = Files.exists(target);
            boolean inProgressExists = Files.exists(inProgress);
            if (targetExists) {
                if (inProgressExists) {
                    if (!Files.isSameFile(target, inProgress)) {
                        throw new ConnectorException("table " + tableName + ": " + target + " already exists and is"
                                + " not the file batch " + entry.batchId() + " wrote (" + inProgress + ");"
                                + " something else writes to this directory");
                    }
                    Files.delete(inProgress); // a crash came between the link and the removal of the old name
                }
                continue;
            }
            if (!inProgressExists) {
                continue; // renamed by an earlier commit, then moved away by a reader of the output
            }
            publishFile(inProgress, target);
            renamed = true;
        }
        if (renamed) {
            fsyncDirectory();
        }
    }

    /**
     * Gives {@code inProgress} the name {@code target}, failing if {@code target} exists: a hard link is atomic and
     * never overwrites, unlike {@code rename(2)}. Where hard links are not supported, a move without
     * REPLACE_EXISTING (which checks first) stands in; only the driver renames, so nothing races it.
     */
    private static void publishFile(Path inProgress, Path target) throws IOException {
        try {
            Files.createLink(target, inProgress);
        } catch (FileAlreadyExistsException exists) {
            throw exists;
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            Files.move(inProgress, target);
            return;
        }
        Files.delete(inProgress);
    }

    private void deleteUnlisted(List<SinkCommitMessage> messages, SinkLogEntry entry) throws IOException {
        Set<String> listed = new HashSet<>();
        for (WrittenFile file : entry.files()) {
            listed.add(file.inProgressName());
        }
        for (SinkCommitMessage message : messages) {
            for (WrittenFile file : message.files()) {
                if (!listed.contains(file.inProgressName())) {
                    Files.deleteIfExists(directory.resolve(file.inProgressName()));
                }
            }
        }
    }

    /** Removes every writer's in-progress file; called only when no writer runs (recovery). */
    private void deleteInProgressFiles() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, ".part-*" + IN_PROGRESS_SUFFIX)) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        }
    }

    private Optional<SinkLogEntry> readLogEntry(long batchId) throws IOException {
        Optional<List<String>> lines = log.get(batchId);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        String file = log.describe(batchId);
        if (lines.get().size() != 1) {
            throw new ConnectorException(file + ": a sink log entry holds one JSON line, found " + lines.get().size());
        }
        SinkLogEntry entry = SinkLogEntry.fromJson(lines.get().get(0), file);
        if (entry.batchId() != batchId) {
            throw new ConnectorException(file + ": holds batch " + entry.batchId() + ", not " + batchId);
        }
        return Optional.of(entry);
    }

    private void checkSameQuery(SinkLogEntry entry, String queryId) {
        if (!entry.queryId().equals(queryId)) {
            throw new ConnectorException("table " + tableName + ": sink directory " + directory + " holds batch "
                    + entry.batchId() + " of another query (query id " + entry.queryId() + ", in "
                    + log.describe(entry.batchId()) + "); this query's id is " + queryId + ". One query writes to"
                    + " one directory: use a new directory, or restart the other query from its own checkpoint");
        }
    }

    private List<SinkCommitMessage> parse(List<String> commitMessages) {
        List<SinkCommitMessage> messages = new ArrayList<>(commitMessages.size());
        for (String message : commitMessages) {
            messages.add(SinkCommitMessage.fromJson(message));
        }
        return messages;
    }

    private void fsyncDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (UnsupportedOperationException | IOException notSupported) {
            // Some platforms cannot open a directory; the renames are then as durable as the platform makes them.
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                throw notSupported instanceof IOException io ? io : new IOException(notSupported);
            }
        }
    }
}
