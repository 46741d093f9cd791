package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * {@link PublishOnceStore} on a Hadoop {@code FileSystem} that can create a file only if it is absent: S3A
 * ({@code s3a://}) with its conditional PUT ({@code If-None-Match: *}).
 *
 * <p>Publishing is one conditional create: the object appears whole when the upload completes, or not at all, and
 * of several concurrent publishers exactly one succeeds. S3A sends the request when the stream closes, so a losing
 * publisher learns it there (HTTP 412, surfacing as an {@code IOException}); it then reads the object and compares
 * bytes: the same bytes are a replay (a no-op), other bytes a {@link PublishConflictException}. Nothing is ever
 * renamed, and nothing temporary is written.
 *
 * <p>A file system without conditional create (HDFS, a plain local {@code FileSystem}) is refused at the first
 * publish, because the create is marked as required ({@code must}), not as a hint.
 */
public final class HadoopPublishOnceStore implements PublishOnceStore, Closeable {
    /** S3A: skip the existence and parent checks before a create; the conditional PUT makes them redundant. */
    private static final String S3A_CREATE_PERFORMANCE = "fs.s3a.create.performance";
    private static final String TEMPORARY_SUFFIX = ".tmp";

    private final String location;
    private final Path root;
    private final FileSystem fileSystem;

    private HadoopPublishOnceStore(String location, Path root, FileSystem fileSystem) {
        this.location = location;
        this.root = root;
        this.fileSystem = fileSystem;
    }

    /**
     * Opens a store rooted at {@code location}, with its own {@code FileSystem} instance (closed by {@link #close}).
     *
     * @param fileSystemOptions Hadoop configuration set on top of the defaults and any {@code core-site.xml}
     */
    public static HadoopPublishOnceStore open(String location, Map<String, String> fileSystemOptions) {
        requireNonNull(location, "location is null");
        requireNonNull(fileSystemOptions, "fileSystemOptions is null");
        URI uri;
        try {
            uri = new URI(location.endsWith("/") ? location.substring(0, location.length() - 1) : location);
        } catch (URISyntaxException malformed) {
            throw new IllegalArgumentException("checkpoint location is not a valid URI: " + location, malformed);
        }
        Configuration configuration = new Configuration();
        fileSystemOptions.forEach(configuration::set);
        try {
            FileSystem fileSystem = FileSystem.newInstance(uri, configuration);
            return new HadoopPublishOnceStore(location, fileSystem.makeQualified(new Path(uri)), fileSystem);
        } catch (UnsupportedFileSystemException unknownScheme) {
            throw new IllegalArgumentException("unsupported checkpoint location scheme '" + uri.getScheme()
                    + "' in " + location + "; supported: a local path, file: and s3a:", unknownScheme);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open checkpoint location " + location + ": " + e, e);
        }
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String describe(String relativePath) {
        return resolve(relativePath).toString();
    }

    @Override
    public boolean publish(String relativePath, byte[] content) throws IOException {
        requireNonNull(content, "content is null");
        Path target = resolve(relativePath);
        try {
            writeIfAbsent(target, content);
            return true;
        } catch (IOException failed) {
            // Most often the precondition failed: the object exists. It may also be our own earlier attempt whose
            // answer was lost. Either way, the object's bytes decide; if there is no object, the failure stands.
            Optional<byte[]> existing;
            try {
                existing = read(relativePath);
            } catch (IOException readFailed) {
                failed.addSuppressed(readFailed);
                throw new IOException("cannot publish " + target + ": " + failed, failed);
            }
            if (existing.isEmpty()) {
                throw new IOException("cannot publish " + target + ": " + failed, failed);
            }
            if (Arrays.equals(existing.get(), content)) {
                return false;
            }
            throw new PublishConflictException(target.toString());
        }
    }

    private void writeIfAbsent(Path target, byte[] content) throws IOException {
        FSDataOutputStreamBuilder<?, ?> builder = fileSystem.createFile(target);
        builder.overwrite(false);
        builder.must(Options.CreateFileOptionKeys.FS_OPTION_CREATE_CONDITIONAL_OVERWRITE, true);
        builder.opt(S3A_CREATE_PERFORMANCE, true);
        FSDataOutputStream out;
        try {
            out = builder.build();
        } catch (IllegalArgumentException | UnsupportedOperationException noConditionalCreate) {
            throw new CheckpointException("cannot publish " + target + ": the file system of " + location
                    + " cannot create a file only if it is absent (conditional create), which checkpoints need so"
                    + " that two runs never overwrite each other's files; use a local path or s3a:// ("
                    + noConditionalCreate.getMessage() + ")", noConditionalCreate);
        }
        // The PUT (with If-None-Match) is sent at close(); that is where a losing publisher fails.
        try (out) {
            out.write(content);
        }
    }

    @Override
    public Optional<byte[]> read(String relativePath) throws IOException {
        Path file = resolve(relativePath);
        try (InputStream in = fileSystem.open(file)) {
            return Optional.of(in.readAllBytes());
        } catch (FileNotFoundException missing) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e, e);
        }
    }

    @Override
    public List<String> list(String relativeDirectory) throws IOException {
        List<String> names = new ArrayList<>();
        for (FileStatus status : listAll(relativeDirectory)) {
            String name = status.getPath().getName();
            if (status.isFile() && !name.startsWith(".")) {
                names.add(name);
            }
        }
        Collections.sort(names);
        return List.copyOf(names);
    }

    @Override
    public void delete(String relativePath) throws IOException {
        Path file = resolve(relativePath);
        try {
            fileSystem.delete(file, false);
        } catch (FileNotFoundException alreadyGone) {
            // deleting a missing file is not an error
        } catch (IOException e) {
            throw new IOException("cannot delete " + file + ": " + e, e);
        }
    }

    /**
     * A conditional create writes nothing temporary; this removes {@code .<name>.<random>.tmp} files all the same,
     * in case a checkpoint was copied here from a local disk with a crashed publisher's leftovers.
     */
    @Override
    public int removeTemporaryFiles(String relativeDirectory) throws IOException {
        int removed = 0;
        for (FileStatus status : listAll(relativeDirectory)) {
            String name = status.getPath().getName();
            if (status.isFile() && name.startsWith(".") && name.endsWith(TEMPORARY_SUFFIX)
                    && fileSystem.delete(status.getPath(), false)) {
                removed++;
            }
        }
        return removed;
    }

    /** Closes this store's {@code FileSystem} instance and its connections. */
    @Override
    public void close() throws IOException {
        fileSystem.close();
    }

    private FileStatus[] listAll(String relativeDirectory) throws IOException {
        Path directory = resolve(relativeDirectory);
        try {
            return fileSystem.listStatus(directory);
        } catch (FileNotFoundException missing) {
            return new FileStatus[0];
        } catch (IOException e) {
            throw new IOException("cannot list " + directory + ": " + e, e);
        }
    }

    private Path resolve(String relativePath) {
        requireNonNull(relativePath, "relativePath is null");
        if (relativePath.isEmpty()) {
            return root;
        }
        for (String segment : relativePath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("not a plain relative path under the store root " + root + ": "
                        + relativePath);
            }
        }
        return new Path(root, relativePath);
    }
}
