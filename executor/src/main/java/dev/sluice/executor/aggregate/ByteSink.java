package dev.sluice.executor.aggregate;

import java.util.Arrays;

/**
 * A growable byte buffer for building state keys and values. Big-endian fixed-width writes, so that encoded keys
 * compare as unsigned bytes in the order of their values; zig-zag varints for the compact values.
 */
final class ByteSink {
    private byte[] data;
    private int size;

    ByteSink(int initialCapacity) {
        this.data = new byte[Math.max(16, initialCapacity)];
    }

    byte[] data() {
        return data;
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(data, size);
    }

    void ensureRoom(int bytes) {
        int needed = size + bytes;
        if (needed > data.length) {
            if (needed < 0) {
                throw new IllegalStateException("a key or value of more than 2 GiB");
            }
            data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
        }
    }

    void writeByte(int value) {
        ensureRoom(1);
        data[size++] = (byte) value;
    }

    void writeShort(int value) {
        ensureRoom(2);
        data[size++] = (byte) (value >>> 8);
        data[size++] = (byte) value;
    }

    void writeInt(int value) {
        ensureRoom(4);
        putInt(data, size, value);
        size += 4;
    }

    void writeLong(long value) {
        ensureRoom(8);
        putLong(data, size, value);
        size += 8;
    }

    void writeBytes(byte[] bytes, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(bytes, offset, data, size, length);
        size += length;
    }

    /** A signed long in 1 to 10 bytes: zig-zag, then 7 bits per byte, low groups first. */
    void writeVarLong(long value) {
        long zigZag = (value << 1) ^ (value >> 63);
        ensureRoom(10);
        while ((zigZag & ~0x7FL) != 0) {
            data[size++] = (byte) ((zigZag & 0x7F) | 0x80);
            zigZag >>>= 7;
        }
        data[size++] = (byte) zigZag;
    }

    static void putInt(byte[] target, int at, int value) {
        target[at] = (byte) (value >>> 24);
        target[at + 1] = (byte) (value >>> 16);
        target[at + 2] = (byte) (value >>> 8);
        target[at + 3] = (byte) value;
    }

    static void putLong(byte[] target, int at, long value) {
        for (int i = 0; i < 8; i++) {
            target[at + i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    static int getInt(byte[] source, int at) {
        return ((source[at] & 0xFF) << 24) | ((source[at + 1] & 0xFF) << 16) | ((source[at + 2] & 0xFF) << 8)
                | (source[at + 3] & 0xFF);
    }

    static long getLong(byte[] source, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (source[at + i] & 0xFF);
        }
        return value;
    }

    static int getShort(byte[] source, int at) {
        return ((source[at] & 0xFF) << 8) | (source[at + 1] & 0xFF);
    }
}
