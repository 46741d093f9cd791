package dev.sluice.state.rocksdb;

import java.util.SortedMap;

/**
 * A batch's writes to the default column family in RocksDB's write-batch representation ({@code db/write_batch.cc}:
 * an 8-byte sequence number and a 4-byte record count, little-endian, then per record a type byte — 1 for a put,
 * 0 for a delete — and the key, and for a put the value, each as a varint32 length and its bytes), so that
 * {@code new WriteBatch(byte[])} takes every write in one call into RocksDB instead of one call per key.
 */
final class WriteBatchEncoding {
    private static final int HEADER_BYTES = 12;
    private static final byte PUT = 0x1;
    private static final byte DELETE = 0x0;

    private WriteBatchEncoding() {
    }

    /** The representation of {@code changes} (a null value is a delete); the sequence number is left 0. */
    static byte[] encode(SortedMap<byte[], byte[]> changes) {
        SortedChanges split = SortedChanges.of(changes);
        byte[][] keys = split.keys();
        byte[][] values = split.values();
        return encode(keys, values);
    }

    /** The representation of the writes {@code keys[i]} = {@code values[i]} (a null value is a delete). */
    static byte[] encode(byte[][] keys, byte[][] values) {
        long size = HEADER_BYTES;
        for (int index = 0; index < keys.length; index++) {
            size += 1 + varintLength(keys[index].length) + keys[index].length;
            if (values[index] != null) {
                size += varintLength(values[index].length) + values[index].length;
            }
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a batch of " + size + " bytes is too large for one write");
        }
        byte[] encoded = new byte[(int) size];
        int position = 8; // sequence number: 0, assigned by the write
        int count = keys.length;
        encoded[position++] = (byte) count;
        encoded[position++] = (byte) (count >>> 8);
        encoded[position++] = (byte) (count >>> 16);
        encoded[position++] = (byte) (count >>> 24);
        for (int index = 0; index < keys.length; index++) {
            byte[] key = keys[index];
            byte[] value = values[index];
            encoded[position++] = value == null ? DELETE : PUT;
            position = putBytes(encoded, position, key);
            if (value != null) {
                position = putBytes(encoded, position, value);
            }
        }
        return encoded;
    }

    private static int putBytes(byte[] target, int position, byte[] bytes) {
        int length = bytes.length;
        while ((length & ~0x7F) != 0) {
            target[position++] = (byte) ((length & 0x7F) | 0x80);
            length >>>= 7;
        }
        target[position++] = (byte) length;
        System.arraycopy(bytes, 0, target, position, bytes.length);
        return position + bytes.length;
    }

    private static int varintLength(int value) {
        int length = 1;
        while ((value & ~0x7F) != 0) {
            value >>>= 7;
            length++;
        }
        return length;
    }
}
