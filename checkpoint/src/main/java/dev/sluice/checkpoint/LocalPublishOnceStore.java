package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link PublishOnceStore} on a local (or locally mounted) file system.
 *
 * <p>Publishing writes {@code .<name>.<random>.tmp} beside the final name, fsyncs it, then creates the final
 * name as a hard link to it. {@code link(2)} is atomic and fails if the name exists, so of several concurrent
 * publishers exactly one wins, and a reader never sees a partial file: the final name appears only once its
 * bytes are durable. The directory is fsynced afterwards so that the new name itself survives a power loss.
 * A crash leaves at most a temporary file, which {@link #list} never shows and {@link #removeTemporaryFiles}
 * deletes.
 */
public final class LocalPublishOnceStore implements PublishOnceStore {
    private static final String TEMPORARY_SUFFIX = ".tmp";

    private final Path root;

    public LocalPublishOnceStore(Path root) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public String describe(String relativePath) {
        return resolve(relativePath).toString();
    }

    @Override
    public boolean publish(String relativePath, byte[] content) throws IOException {
        requireNonNull(content, "content is null");
        Path target = resolve(relativePath);
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + TEMPORARY_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temporary,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.createLink(target, temporary);
            } catch (FileAlreadyExistsException exists) {
                return sameContentOrConflict(target, content);
            }
        } catch (IOException e) {
            throw new IOException("cannot publish " + target + ": " + e, e);
        } finally {
            Files.deleteIfExists(temporary);
        }
        fsyncDirectory(directory);
        return true;
    }

    private boolean sameContentOrConflict(Path target, byte[] content) throws IOException {
        byte[] existing = Files.readAllBytes(target);
        if (Arrays.equals(existing, content)) {
            // The winner may have crashed between its link and its directory fsync; "already published" must
            // still mean "durable", so make the name durable here too (rare: replays and races only).
            fsyncDirectory(target.getParent());
            return false;
        }
        throw new PublishConflictException(target.toString());
    }

    @Override
    public Optional<byte[]> read(String relativePath) throws IOException {
        Path file = resolve(relativePath);
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e, e);
        }
    }

    @Override
    public List<String> list(String relativeDirectory) throws IOException {
        Path directory = resolve(relativeDirectory);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(entry)) {
                    names.add(name);
                }
            }
        }
        Collections.sort(names);
        return List.copyOf(names);
    }

    @Override
    public void delete(String relativePath) throws IOException {
        Files.deleteIfExists(resolve(relativePath));
    }

    /**
     * Deletes the temporary files that crashed publishers left in {@code relativeDirectory}. Call it only when no
     * other publisher can be running there (at query start, once this run owns the checkpoint).
     *
     * @return how many files were deleted
     */
    @Override
    public int removeTemporaryFiles(String relativeDirectory) throws IOException {
        Path directory = resolve(relativeDirectory);
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, ".*" + TEMPORARY_SUFFIX)) {
            for (Path entry : entries) {
                if (Files.deleteIfExists(entry)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    private Path resolve(String relativePath) {
        requireNonNull(relativePath, "relativePath is null");
        Path resolved = root.resolve(relativePath).normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException("path escapes the store root " + root + ": " + relativePath);
        }
        return resolved;
    }

    private static void fsyncDirectory(Path directory) throws IOException {
        // Makes the new directory entry durable. Some platforms cannot open a directory for reading; there
        // the link itself is all we can do.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw notSupported instanceof IOException io ? io : new IOException(notSupported);
            }
        }
    }
}
