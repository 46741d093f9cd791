package dev.sluice.executor.aggregate;

import java.util.Arrays;

/**
 * An open-addressing hash table from byte strings to dense ids (0, 1, 2, ... in order of first appearance). The
 * keys are copied into one growing arena, so a lookup allocates nothing: the caller encodes a key into a reusable
 * buffer and probes with it. Used for group keys that do not fit in longs (VARCHAR, DECIMAL), for the state keys
 * of the groups a state task touches in a batch, and for COUNT DISTINCT values.
 */
final class BytesKeyTable {
    private static final int EMPTY = -1;

    private byte[] arena = new byte[4096];
    private int arenaSize;
    private int[] offsets = new int[256];
    private int[] lengths = new int[256];
    private int[] hashes = new int[256];
    private int[] slots;
    private int size;
    private boolean inserted;

    BytesKeyTable() {
        allocateSlots(512);
    }

    int size() {
        return size;
    }

    /** Whether the last {@link #findOrInsert} added a new key. */
    boolean inserted() {
        return inserted;
    }

    byte[] arena() {
        return arena;
    }

    int offset(int id) {
        return offsets[id];
    }

    int length(int id) {
        return lengths[id];
    }

    byte[] copyKey(int id) {
        return Arrays.copyOfRange(arena, offsets[id], offsets[id] + lengths[id]);
    }

    long memoryBytes() {
        return arena.length + (long) offsets.length * 12 + (long) slots.length * Integer.BYTES;
    }

    void clear() {
        size = 0;
        arenaSize = 0;
        Arrays.fill(slots, EMPTY);
    }

    /** The id of the key {@code key[offset, offset + length)}, added if new ({@link #inserted()} says which). */
    int findOrInsert(byte[] key, int offset, int length, int hash) {
        int mask = slots.length - 1;
        int slot = spread(hash) & mask;
        while (true) {
            int id = slots[slot];
            if (id == EMPTY) {
                inserted = true;
                return insert(slot, key, offset, length, hash);
            }
            if (hashes[id] == hash && lengths[id] == length
                    && Arrays.equals(arena, offsets[id], offsets[id] + length, key, offset, offset + length)) {
                inserted = false;
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The id of the key, or -1. */
    int find(byte[] key, int offset, int length, int hash) {
        int mask = slots.length - 1;
        int slot = spread(hash) & mask;
        while (true) {
            int id = slots[slot];
            if (id == EMPTY) {
                return -1;
            }
            if (hashes[id] == hash && lengths[id] == length
                    && Arrays.equals(arena, offsets[id], offsets[id] + length, key, offset, offset + length)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Compares two keys as unsigned bytes: the order of state keys. */
    int compare(int left, int right) {
        return Arrays.compareUnsigned(arena, offsets[left], offsets[left] + lengths[left], arena, offsets[right],
                offsets[right] + lengths[right]);
    }

    private int insert(int slot, byte[] key, int offset, int length, int hash) {
        if ((long) arenaSize + length > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("more than 2 GiB of distinct keys in one aggregation table: lower the"
                    + " batch's read limit");
        }
        if (arenaSize + length > arena.length) {
            arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 16,
                    Math.max((long) arenaSize + length, 2L * arena.length)));
        }
        int id = size++;
        if (id == offsets.length) {
            offsets = Arrays.copyOf(offsets, id * 2);
            lengths = Arrays.copyOf(lengths, id * 2);
            hashes = Arrays.copyOf(hashes, id * 2);
        }
        System.arraycopy(key, offset, arena, arenaSize, length);
        offsets[id] = arenaSize;
        lengths[id] = length;
        hashes[id] = hash;
        arenaSize += length;
        slots[slot] = id;
        if (size * 2 > slots.length) {
            allocateSlots(slots.length * 2);
            int mask = slots.length - 1;
            for (int other = 0; other < size; other++) {
                int at = spread(hashes[other]) & mask;
                while (slots[at] != EMPTY) {
                    at = (at + 1) & mask;
                }
                slots[at] = other;
            }
        }
        return id;
    }

    /** Spreads a 32-bit hash over the table's slots (the high bits matter as much as the low ones). */
    private static int spread(int hash) {
        int mixed = hash * 0x9E3779B9;
        return mixed ^ (mixed >>> 16);
    }

    private void allocateSlots(int capacity) {
        if (capacity > 1 << 30) {
            throw new IllegalStateException("more than 2^29 keys in one aggregation table");
        }
        slots = new int[capacity];
        Arrays.fill(slots, EMPTY);
    }
}
