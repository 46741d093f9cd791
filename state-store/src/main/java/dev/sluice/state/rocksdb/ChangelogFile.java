package dev.sluice.state.rocksdb;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.sluice.state.StateStoreException;
import dev.sluice.state.StateStoreId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The changelog of one committed version, {@code state/<operator>/<partition>/<version>.changelog}: the puts and
 * deletes of that version's batch, binary (keys and values are arbitrary bytes, and a text layout would double
 * their size). Big-endian throughout:
 *
 * <pre>
 * "SLUICE-CHANGELOG" 16 ASCII bytes   what the file is
 * int32  format version               1; a reader refuses versions it does not know
 * int64  state version                the version this file commits; must match the file name
 * int32  entry count
 * entry* byte type (1 put, 2 delete), int32 key length, key,
 *        for a put: int32 value length, value
 * int32  CRC-32C of every byte before it
 * </pre>
 *
 * <p>Entries are sorted by key (unsigned bytes) and hold only the last write of each key, so a replayed batch that
 * made the same writes publishes the same bytes, which the publish-once store accepts as a no-op. The checksum is
 * last, so a file cut short anywhere is reported as torn and a flipped bit as corrupt.
 */
final class ChangelogFile {
    static final String SUFFIX = ".changelog";
    static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "SLUICE-CHANGELOG".getBytes(US_ASCII);
    private static final byte PUT = 1;
    private static final byte DELETE = 2;
    private static final int HEADER_BYTES = MAGIC.length + 4 + 8 + 4;

    /** Receives the entries of a decoded changelog, in file order. */
    interface Visitor {
        void put(byte[] key, byte[] value);

        void delete(byte[] key);
    }

    private ChangelogFile() {}

    /** Encodes {@code changes}, a map sorted by unsigned key whose null values are deletes. */
    static byte[] encode(long stateVersion, Map<byte[], byte[]> changes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(HEADER_BYTES + 4 + changes.size() * 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeLong(stateVersion);
            out.writeInt(changes.size());
            for (Map.Entry<byte[], byte[]> change : changes.entrySet()) {
                byte[] value = change.getValue();
                out.writeByte(value == null ? DELETE : PUT);
                out.writeInt(change.getKey().length);
                out.write(change.getKey());
                if (value != null) {
                    out.writeInt(value.length);
                    out.write(value);
                }
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    /**
     * Checks the whole file first (length, checksum, magic, format version, state version), then hands its entries
     * to {@code visitor}; a bad file changes nothing.
     *
     * @throws StateStoreException naming {@code path} and what is wrong with the file
     */
    static void decode(StateStoreId id, long stateVersion, long target, String path, byte[] file, Visitor visitor) {
        if (file.length < HEADER_BYTES + 4) {
            throw failure(id, stateVersion, target, path, "torn changelog: " + file.length
                    + " bytes, shorter than the smallest changelog (" + (HEADER_BYTES + 4) + " bytes)");
        }
        if (!Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new StateStoreException(id, stateVersion, path,
                    "not a Sluice changelog: it does not start with 'SLUICE-CHANGELOG'");
        }
        ByteBuffer buffer = ByteBuffer.wrap(file);
        int stored = buffer.getInt(file.length - 4);
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        if ((int) crc.getValue() != stored) {
            throw failure(id, stateVersion, target, path, String.format(
                    "corrupt or torn changelog: checksum mismatch (stored crc32c %08x, computed %08x)",
                    stored, (int) crc.getValue()));
        }
        buffer.position(MAGIC.length);
        int format = buffer.getInt();
        if (format < 1 || format > FORMAT_VERSION) {
            throw failure(id, stateVersion, target, path, "unknown changelog format version " + format
                    + "; this Sluice reads version 1 to " + FORMAT_VERSION);
        }
        long fileVersion = buffer.getLong();
        if (fileVersion != stateVersion) {
            throw failure(id, stateVersion, target, path, "the changelog holds version " + fileVersion
                    + ", not the version its name says");
        }
        int count = buffer.getInt();
        buffer.limit(file.length - 4);
        try {
            for (int entry = 0; entry < count; entry++) {
                byte type = buffer.get();
                byte[] key = new byte[buffer.getInt()];
                buffer.get(key);
                switch (type) {
                    case PUT -> {
                        byte[] value = new byte[buffer.getInt()];
                        buffer.get(value);
                        visitor.put(key, value);
                    }
                    case DELETE -> visitor.delete(key);
                    default -> throw failure(id, stateVersion, target, path, "corrupt changelog: entry "
                            + entry + " at offset " + (buffer.position() - key.length - 5) + " has type " + type);
                }
            }
        } catch (BufferUnderflowException | NegativeArraySizeException | OutOfMemoryError badLength) {
            throw failure(id, stateVersion, target, path, "corrupt changelog: an entry runs past the end"
                    + " of the file (offset " + buffer.position() + ")");
        }
        if (buffer.hasRemaining()) {
            throw failure(id, stateVersion, target, path, "corrupt changelog: " + buffer.remaining()
                    + " bytes after its " + count + " entries (offset " + buffer.position() + ")");
        }
    }

    /** An error about the file of {@code stateVersion}, met while loading version {@code target}. */
    private static StateStoreException failure(StateStoreId id, long stateVersion, long target, String path,
            String problem) {
        return new StateStoreException(id, target, path, "the changelog of version " + stateVersion
                + (stateVersion == target ? "" : " (needed to load version " + target + ")") + " is unusable: "
                + problem);
    }
}
