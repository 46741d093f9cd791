package dev.sluice.state.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sluice.state.StateStoreException;
import dev.sluice.state.StateStoreId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A snapshot of one version, {@code state/<operator>/<partition>/<version>.snapshot}: the files of a RocksDB
 * checkpoint of the database (SST files, manifest, options), packed into one file so that it is published with one
 * publish-once call and can never be seen half-written. Big-endian throughout:
 *
 * <pre>
 * "SLUICE-SNAPSHOT" 15 ASCII bytes    what the file is
 * int32  format version               1; a reader refuses versions it does not know
 * int64  state version                the version this file holds; must match the file name
 * int32  file count
 * file*  int16 name length, name (UTF-8, no '/'), int64 length, bytes
 * int32  CRC-32C of every byte before it
 * </pre>
 *
 * <p>Files are sorted by name. The whole snapshot is held in memory while it is published or restored, which
 * suits the state sizes of one partition that this first version targets (see the module README).
 */
final class SnapshotFile {
    static final String SUFFIX = ".snapshot";
    static final int FORMAT_VERSION = 1;
    private static final StateFileFrame.Kind KIND =
            new StateFileFrame.Kind("snapshot", "SLUICE-SNAPSHOT", FORMAT_VERSION);

    private SnapshotFile() {}

    /** Packs the regular files directly under {@code directory}. */
    static byte[] encode(long stateVersion, Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        }
        Collections.sort(files);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            StateFileFrame.writeHeader(out, KIND, stateVersion, files.size());
            for (Path file : files) {
                byte[] name = file.getFileName().toString().getBytes(UTF_8);
                out.writeShort(name.length);
                out.write(name);
                out.writeLong(Files.size(file));
                Files.copy(file, out);
            }
            StateFileFrame.writeChecksum(bytes, out);
        }
        return bytes.toByteArray();
    }

    /**
     * Checks the whole snapshot, then writes its files into {@code destination} (created; it must not exist).
     *
     * @throws StateStoreException naming {@code path} if the snapshot is torn, corrupt or of an unknown format
     */
    static void decode(StateStoreId id, long stateVersion, long target, String path, byte[] file, Path destination)
            throws IOException {
        StateFileFrame.Body body = StateFileFrame.open(KIND, id, stateVersion, target, path, file);
        ByteBuffer buffer = body.entries();
        int count = body.count();
        Files.createDirectories(destination.getParent());
        Files.createDirectory(destination);
        try {
            for (int index = 0; index < count; index++) {
                byte[] nameBytes = new byte[buffer.getShort() & 0xffff];
                buffer.get(nameBytes);
                String name = new String(nameBytes, UTF_8);
                long length = buffer.getLong();
                if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")
                        || length < 0 || length > buffer.remaining()) {
                    throw failure(id, stateVersion, target, path, "corrupt snapshot: entry " + index
                            + " ('" + name + "', " + length + " bytes) is not a valid file");
                }
                Files.write(destination.resolve(name),
                        Arrays.copyOfRange(file, buffer.position(), buffer.position() + (int) length));
                buffer.position(buffer.position() + (int) length);
            }
        } catch (BufferUnderflowException badLength) {
            throw failure(id, stateVersion, target, path, "corrupt snapshot: an entry runs past the end"
                    + " of the file (offset " + buffer.position() + ")");
        }
        if (buffer.hasRemaining()) {
            throw failure(id, stateVersion, target, path, "corrupt snapshot: " + buffer.remaining()
                    + " bytes after its " + count + " files");
        }
    }

    private static StateStoreException failure(StateStoreId id, long stateVersion, long target, String path,
            String problem) {
        return StateFileFrame.failure(KIND, id, stateVersion, target, path, problem);
    }
}
