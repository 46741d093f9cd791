package dev.sluice.state.rocksdb;

import dev.sluice.state.StateStoreException;
import dev.sluice.state.StateStoreId;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Map;

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
    private static final StateFileFrame.Kind KIND =
            new StateFileFrame.Kind("changelog", "SLUICE-CHANGELOG", FORMAT_VERSION);
    private static final byte PUT = 1;
    private static final byte DELETE = 2;

    /** Receives the entries of a decoded changelog, in file order. */
    interface Visitor {
        void put(byte[] key, byte[] value);

        void delete(byte[] key);
    }

    private ChangelogFile() {}

    /** Encodes {@code changes}, a map sorted by unsigned key whose null values are deletes. */
    static byte[] encode(long stateVersion, Map<byte[], byte[]> changes) {
        SortedChanges split = SortedChanges.of(changes);
        byte[][] keys = split.keys();
        byte[][] values = split.values();
        return encode(stateVersion, keys, values);
    }

    /**
     * Encodes the entries {@code keys[i]} = {@code values[i]} (sorted by unsigned key; a null value is a delete)
     * into one array of the exact size, without a stream in between: a batch can hold many thousands of entries.
     */
    static byte[] encode(long stateVersion, byte[][] keys, byte[][] values) {
        long size = KIND.headerBytes() + 4L;
        for (int index = 0; index < keys.length; index++) {
            size += 1 + 4 + keys[index].length + (values[index] == null ? 0 : 4 + values[index].length);
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a changelog of " + size + " bytes is too large");
        }
        byte[] file = new byte[(int) size];
        ByteBuffer out = ByteBuffer.wrap(file);
        StateFileFrame.writeHeader(out, KIND, stateVersion, keys.length);
        for (int index = 0; index < keys.length; index++) {
            byte[] key = keys[index];
            byte[] value = values[index];
            out.put(value == null ? DELETE : PUT);
            out.putInt(key.length);
            out.put(key);
            if (value != null) {
                out.putInt(value.length);
                out.put(value);
            }
        }
        StateFileFrame.writeChecksum(out);
        return file;
    }

    /**
     * Checks the whole file first (length, checksum, magic, format version, state version), then hands its entries
     * to {@code visitor}; a bad file changes nothing.
     *
     * @throws StateStoreException naming {@code path} and what is wrong with the file
     */
    static void decode(StateStoreId id, long stateVersion, long target, String path, byte[] file, Visitor visitor) {
        StateFileFrame.Body body = StateFileFrame.open(KIND, id, stateVersion, target, path, file);
        ByteBuffer buffer = body.entries();
        int count = body.count();
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

    private static StateStoreException failure(StateStoreId id, long stateVersion, long target, String path,
            String problem) {
        return StateFileFrame.failure(KIND, id, stateVersion, target, path, problem);
    }
}
