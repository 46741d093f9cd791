package dev.sluice.state.rocksdb;

import java.util.Map;
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
        long size = HEADER_BYTES;
        for (Map.Entry<byte[], byte[]> change : changes.entrySet()) {
            size += 1 + varintLength(change.getKey().length) + change.getKey().length;
            if (change.getValue() != null) {
                size += varintLength(change.getValue().length) + change.getValue().length;
            }
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a batch of " + size + " bytes is too large for one write");
        }
        byte[] encoded = new byte[(int) size];
        int position = 8; // sequence number: 0, assigned by the write
        int count = changes.size();
        encoded[position++] = (byte) count;
        encoded[position++] = (byte) (count >>> 8);
        encoded[position++] = (byte) (count >>> 16);
        encoded[position++] = (byte) (count >>> 24);
        for (Map.Entry<byte[], byte[]> change : changes.entrySet()) {
            byte[] key = change.getKey();
            byte[] value = change.getValue();
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
