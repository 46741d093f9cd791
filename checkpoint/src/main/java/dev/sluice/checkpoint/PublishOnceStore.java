package dev.sluice.checkpoint;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The publish-once primitive every checkpoint file goes through: a file under the store's root is created
 * exactly once, completely, or not at all, and is never overwritten.
 *
 * <p>Why publish-once and not "write then rename": a rename over an existing name silently replaces the file
 * of another run that shares the checkpoint, which is how two drivers of one query end up with diverging logs.
 * Creating the final name atomically and failing when it exists turns that race into a loud error.
 *
 * <ul>
 *   <li>Local disk ({@code LocalPublishOnceStore}): write a temporary file whose name starts with {@code .},
 *       fsync it, hard-link it to the final name (atomic, fails if the name exists), fsync the directory.</li>
 *   <li>Object stores via Hadoop ({@code HadoopPublishOnceStore}): a conditional create (If-None-Match).</li>
 * </ul>
 *
 * <p>Paths are relative to the root, with {@code /} as separator (for example {@code offsets/17}).
 * Implementations are safe for concurrent use by several threads and several processes.
 */
public interface PublishOnceStore {

    /** The root of this store, as given by the user; used in messages. */
    String location();

    /** The full location of {@code relativePath}, for error messages (a path or a URI). */
    String describe(String relativePath);

    /**
     * Publishes {@code content} at {@code relativePath}, creating parent directories as needed.
     *
     * @return {@code true} if this call created the file; {@code false} if the file already existed with exactly
     *     these bytes (a replay of the same publish, which is a no-op)
     * @throws PublishConflictException if the file already exists with other bytes: another run owns it
     * @throws IOException if the store cannot be written (the message names the file)
     */
    boolean publish(String relativePath, byte[] content) throws IOException;

    /** The bytes of a published file, or empty if there is none. Never returns a temporary or partial file. */
    Optional<byte[]> read(String relativePath) throws IOException;

    /**
     * The names (not paths) of the published files directly under {@code relativeDirectory}, sorted by name;
     * empty if the directory does not exist. Temporary files (names starting with {@code .}) are not listed.
     */
    List<String> list(String relativeDirectory) throws IOException;

    /** Deletes a published file; a missing file is not an error. Used by retention, never by the batch protocol. */
    void delete(String relativePath) throws IOException;

    /**
     * Deletes the temporary files that crashed publishers left directly under {@code relativeDirectory}. Call it
     * only when no other publisher can be running there (at query start, once this run owns the checkpoint).
     * Stores whose publish leaves no temporary file behind (a conditional create on an object store) have
     * nothing to delete.
     *
     * @return how many files were deleted
     */
    default int removeTemporaryFiles(String relativeDirectory) throws IOException {
        return 0;
    }
}
