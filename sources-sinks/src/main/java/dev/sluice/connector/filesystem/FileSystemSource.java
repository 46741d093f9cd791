package dev.sluice.connector.filesystem;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.InputPartition;
import dev.sluice.connector.LatestOffsetRequest;
import dev.sluice.connector.Offset;
import dev.sluice.connector.PartitionReader;
import dev.sluice.connector.PlanPartitionsRequest;
import dev.sluice.connector.ReadLimit;
import dev.sluice.connector.ReaderRequest;
import dev.sluice.connector.Source;
import dev.sluice.connector.SourceLog;
import dev.sluice.connector.filesystem.format.Column;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a directory as a stream of files: each batch takes the files that appeared since the last one.
 *
 * <p>Which files: every regular file directly in the directory whose name does not start with {@code _} or
 * {@code .} (subdirectories are not read). Files that are still being written must not appear under such a name
 * until they are complete: write them elsewhere, or under a {@code .} or {@code _} name, and rename them in.
 *
 * <p>Offsets are ids of entries in the source's private log (Spark's {@code FileStreamSource} design): entry
 * {@code N} is published before batch {@code N}'s offsets and lists exactly the files that batch reads, in order.
 * <ul>
 *   <li>{@link #latestOffset}: when the log already holds an entry after {@code start} (published by an earlier
 *       attempt whose batch never ran), that entry is the next batch, unchanged. Otherwise the directory is
 *       listed, the files not in any entry are taken in order of modification time, then name, up to the read
 *       limit, and published as the next entry.</li>
 *   <li>{@link #planInputPartitions}: reads the entries in {@code (start, end]}; a replay reads exactly the files
 *       logged, whatever has appeared since.</li>
 *   <li>The set of files already taken is rebuilt from the whole log when the source starts, so no file is read
 *       twice across batches or restarts. The log is never purged: dropping entries would drop files from that
 *       set and read them again. Each entry is one small file per batch that found new files.</li>
 *   <li>{@link #prepareForAvailableNow}: pins the listing of that moment; later files wait for the next run.</li>
 * </ul>
 *
 * <p>A file is known by its path: once taken, a file that is later replaced or changed is not read again. A
 * reader checks that a file still has the size and modification time it was listed with, and fails loudly if
 * not, rather than give a replay other rows.
 */
public final class FileSystemSource implements Source {
    private final String tableName;
    private final Schema schema;
    private final List<Column> columns;
    private final FileSystemOptions options;
    private final SourceLog log;

    // Driver side, loaded from the log on first use.
    private boolean loaded;
    private long latestLogId = -1;
    private final Set<String> taken = new HashSet<>();
    private List<SourceFile> pinned;

    public FileSystemSource(String tableName, Schema schema, List<Column> columns, FileSystemOptions options,
            SourceLog log) {
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
        this.options = requireNonNull(options, "options is null");
        this.log = requireNonNull(log, "log is null");
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Offset initialOffset() {
        return FileOffset.INITIAL;
    }

    @Override
    public ReadLimit defaultReadLimit() {
        return options.maxFilesPerTrigger().isPresent()
                ? ReadLimit.maxFiles(options.maxFilesPerTrigger().getAsInt())
                : ReadLimit.ALL_AVAILABLE;
    }

    @Override
    public Offset latestOffset(LatestOffsetRequest request) {
        long start = fileOffset(request.start()).logId();
        loadLog();
        if (start > latestLogId) {
            throw new ConnectorException("table " + tableName + ": the batch starts after source log entry " + start
                    + ", but the source log ends at entry " + latestLogId + "; the checkpoint's source log was"
                    + " changed or removed");
        }
        if (start < latestLogId) {
            // An earlier attempt published this entry and stopped before its batch ran: it is the next batch.
            return new FileOffset(start + 1);
        }
        List<SourceFile> candidates = pinned != null ? pinned : listDirectory();
        List<SourceFile> next = new ArrayList<>();
        int limit = fileLimit(request.limit());
        for (SourceFile file : candidates) {
            if (next.size() == limit) {
                break;
            }
            if (!taken.contains(file.path())) {
                next.add(file);
            }
        }
        if (next.isEmpty()) {
            return request.start();
        }
        long id = latestLogId + 1;
        ObjectNode entry = JsonFields.object();
        entry.set("files", SourceFile.toJsonArray(next));
        try {
            log.publish(id, JsonFields.write(entry));
        } catch (IOException e) {
            throw new ConnectorException("table " + tableName + ": cannot publish source log entry " + id + ": " + e, e);
        }
        latestLogId = id;
        for (SourceFile file : next) {
            taken.add(file.path());
        }
        return new FileOffset(id);
    }

    /**
     * How many files a batch may take. A row limit cannot be met without reading the files, so it is treated as
     * no limit: a file is never split across batches.
     */
    private static int fileLimit(ReadLimit limit) {
        if (limit instanceof ReadLimit.MaxFiles files) {
            return files.files();
        }
        return Integer.MAX_VALUE;
    }

    @Override
    public void prepareForAvailableNow() {
        loadLog();
        pinned = listDirectory();
    }

    /** A directory source goes on as long as files keep arriving. */
    @Override
    public boolean isBounded() {
        return false;
    }

    @Override
    public List<InputPartition> planInputPartitions(PlanPartitionsRequest request) {
        long start = fileOffset(request.start()).logId();
        long end = fileOffset(request.end()).logId();
        if (end < start) {
            throw new IllegalArgumentException("table " + tableName + ": a range ends (" + end + ") before it starts ("
                    + start + ")");
        }
        List<SourceFile> files = new ArrayList<>();
        for (long id = start + 1; id <= end; id++) {
            files.addAll(readEntry(id));
        }
        return group(files, request.parallelism());
    }

    /**
     * Splits files, in log order, into at most {@code parallelism} partitions of contiguous files with about the
     * same number of bytes each. Deterministic for the same files and parallelism.
     */
    static List<InputPartition> group(List<SourceFile> files, int parallelism) {
        if (files.isEmpty()) {
            return List.of();
        }
        int groups = Math.min(parallelism, files.size());
        long totalWeight = 0;
        for (SourceFile file : files) {
            totalWeight += weight(file);
        }
        long target = (totalWeight + groups - 1) / groups;
        List<InputPartition> partitions = new ArrayList<>(groups);
        List<SourceFile> current = new ArrayList<>();
        long currentWeight = 0;
        for (int i = 0; i < files.size(); i++) {
            current.add(files.get(i));
            currentWeight += weight(files.get(i));
            int filesLeft = files.size() - i - 1;
            int groupsLeftAfterThis = groups - partitions.size() - 1;
            boolean full = groupsLeftAfterThis > 0 && (currentWeight >= target || filesLeft == groupsLeftAfterThis);
            if (full || filesLeft == 0) {
                partitions.add(new FileInputPartition(current));
                current = new ArrayList<>();
                currentWeight = 0;
            }
        }
        return List.copyOf(partitions);
    }

    /** An empty file still costs an open. */
    private static long weight(SourceFile file) {
        return Math.max(1, file.size());
    }

    @Override
    public PartitionReader createReader(ReaderRequest request) {
        if (!(request.partition() instanceof FileInputPartition partition)) {
            throw new IllegalArgumentException("table " + tableName + ": not a filesystem partition: "
                    + request.partition().json());
        }
        return new FilePartitionReader(tableName, partition, schema, columns, options.format(), request.allocator(),
                request.maxRowsPerBatch());
    }

    @Override
    public Offset offsetFromJson(String json) {
        return FileOffset.fromJson(json);
    }

    @Override
    public InputPartition partitionFromJson(String json) {
        return FileInputPartition.fromJson(json);
    }

    private FileOffset fileOffset(Offset offset) {
        if (offset instanceof FileOffset fileOffset) {
            return fileOffset;
        }
        return FileOffset.fromJson(offset.json());
    }

    private void loadLog() {
        if (loaded) {
            return;
        }
        try {
            for (long id : log.ids()) {
                for (SourceFile file : readEntry(id)) {
                    taken.add(file.path());
                }
                latestLogId = Math.max(latestLogId, id);
            }
        } catch (IOException e) {
            throw new ConnectorException("table " + tableName + ": cannot read the source log: " + e, e);
        }
        loaded = true;
    }

    private List<SourceFile> readEntry(long id) {
        Optional<String> entry;
        try {
            entry = log.get(id);
        } catch (IOException e) {
            throw new ConnectorException("table " + tableName + ": cannot read source log entry " + id + ": " + e, e);
        }
        if (entry.isEmpty()) {
            throw new ConnectorException("table " + tableName + ": source log entry " + id + " is missing; the"
                    + " checkpoint's source log was changed or removed");
        }
        String what = "source log entry " + id + " of table " + tableName;
        return SourceFile.listFromJson(JsonFields.parseObject(entry.get(), what), what);
    }

    /** The candidate files in the directory, in read order. */
    private List<SourceFile> listDirectory() {
        Path directory = options.path();
        if (!Files.isDirectory(directory)) {
            throw new ConnectorException("table " + tableName + ": source directory " + directory
                    + (Files.exists(directory) ? " is not a directory" : " does not exist"));
        }
        List<SourceFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith("_") || name.startsWith(".")) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                } catch (NoSuchFileException deletedMeanwhile) {
                    continue;
                }
                if (attributes.isRegularFile()) {
                    files.add(new SourceFile(entry.toAbsolutePath().normalize().toString(), attributes.size(),
                            attributes.lastModifiedTime().toMillis()));
                }
            }
        } catch (IOException e) {
            throw new ConnectorException("table " + tableName + ": cannot list source directory " + directory + ": "
                    + e, e);
        }
        files.sort(SourceFile.READ_ORDER);
        return files;
    }
}
