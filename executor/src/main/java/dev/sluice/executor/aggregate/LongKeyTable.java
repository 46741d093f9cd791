package dev.sluice.executor.aggregate;

import java.util.Arrays;

/**
 * An open-addressing hash table from keys of {@code width} longs to dense group ids (0, 1, 2, ... in order of first
 * appearance): the partial aggregation's table when every part of the group key fits in a long (window start,
 * INT, BIGINT, TIMESTAMP, ...). Keys live in one long array indexed by group id, so a probe touches the slot
 * array and one run of longs, and nothing is allocated per row. Linear probing at a load factor of at most one
 * half keeps probe runs short.
 */
final class LongKeyTable {
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
    private static final int EMPTY = -1;

    private final int width;
    private long[] keys;
    private int[] slots;
    private int shift;
    private int size;

    LongKeyTable(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("key width must be positive: " + width);
        }
        this.width = width;
        this.keys = new long[width * 1024];
        allocateSlots(2048);
    }

    int size() {
        return size;
    }

    /** Part {@code part} of the key of group {@code group}. */
    long key(int group, int part) {
        return keys[group * width + part];
    }

    long memoryBytes() {
        return (long) keys.length * Long.BYTES + (long) slots.length * Integer.BYTES;
    }

    void clear() {
        size = 0;
        Arrays.fill(slots, EMPTY);
    }

    /**
     * Sets {@code groups[i]} to the group of the key {@code (columns[0][i], ..., columns[width - 1][i])} for every
     * {@code i < count}, adding the keys not seen yet as new groups.
     */
    void findOrInsert(long[][] columns, int count, int[] groups) {
        if (width == 1) {
            findOrInsert1(columns[0], count, groups);
        } else if (width == 2) {
            findOrInsert2(columns[0], columns[1], count, groups);
        } else {
            findOrInsertAny(columns, count, groups);
        }
    }

    private void findOrInsert1(long[] first, int count, int[] groups) {
        for (int i = 0; i < count; i++) {
            long a = first[i];
            int mask = slots.length - 1;
            int slot = (int) ((a * MULTIPLIER) >>> shift);
            while (true) {
                int group = slots[slot];
                if (group == EMPTY) {
                    group = claim(slot);
                    keys[group] = a;
                    growIfFull();
                    groups[i] = group;
                    break;
                }
                if (keys[group] == a) {
                    groups[i] = group;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
    }

    private void findOrInsert2(long[] first, long[] second, int count, int[] groups) {
        for (int i = 0; i < count; i++) {
            long a = first[i];
            long b = second[i];
            int mask = slots.length - 1;
            int slot = (int) ((((a * MULTIPLIER) ^ b) * MULTIPLIER) >>> shift);
            while (true) {
                int group = slots[slot];
                if (group == EMPTY) {
                    group = claim(slot);
                    keys[2 * group] = a;
                    keys[2 * group + 1] = b;
                    growIfFull();
                    groups[i] = group;
                    break;
                }
                if (keys[2 * group] == a && keys[2 * group + 1] == b) {
                    groups[i] = group;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
    }

    private void findOrInsertAny(long[][] columns, int count, int[] groups) {
        for (int i = 0; i < count; i++) {
            long hash = 0;
            for (int part = 0; part < width; part++) {
                hash = (hash ^ columns[part][i]) * MULTIPLIER;
            }
            int mask = slots.length - 1;
            int slot = (int) (hash >>> shift);
            while (true) {
                int group = slots[slot];
                if (group == EMPTY) {
                    group = claim(slot);
                    for (int part = 0; part < width; part++) {
                        keys[group * width + part] = columns[part][i];
                    }
                    growIfFull();
                    groups[i] = group;
                    break;
                }
                if (equals(group, columns, i)) {
                    groups[i] = group;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
    }

    private boolean equals(int group, long[][] columns, int row) {
        int base = group * width;
        for (int part = 0; part < width; part++) {
            if (keys[base + part] != columns[part][row]) {
                return false;
            }
        }
        return true;
    }

    /** Takes {@code slot} for a new group and makes room for its key; the caller writes the key. */
    private int claim(int slot) {
        int group = size++;
        slots[slot] = group;
        if ((long) (group + 1) * width > keys.length) {
            keys = Arrays.copyOf(keys, Math.max(keys.length * 2, (group + 1) * width));
        }
        return group;
    }

    /**
     * Doubles the slot array when more than half full. Called once the new group's key is written, because
     * growing rehashes every group from its key.
     */
    private void growIfFull() {
        if (size * 2 > slots.length) {
            grow();
        }
    }

    private void grow() {
        allocateSlots(slots.length * 2);
        int mask = slots.length - 1;
        for (int group = 0; group < size; group++) {
            long hash = hashOf(group);
            int slot = (int) (hash >>> shift);
            while (slots[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = group;
        }
    }

    /** The same hash as the probes compute for the group's key. */
    private long hashOf(int group) {
        int base = group * width;
        if (width == 1) {
            return keys[base] * MULTIPLIER;
        }
        if (width == 2) {
            return ((keys[base] * MULTIPLIER) ^ keys[base + 1]) * MULTIPLIER;
        }
        long hash = 0;
        for (int part = 0; part < width; part++) {
            hash = (hash ^ keys[base + part]) * MULTIPLIER;
        }
        return hash;
    }

    private void allocateSlots(int capacity) {
        if (capacity > 1 << 30) {
            throw new IllegalStateException("more than 2^29 groups in one partial aggregation table");
        }
        slots = new int[capacity];
        Arrays.fill(slots, EMPTY);
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }
}
