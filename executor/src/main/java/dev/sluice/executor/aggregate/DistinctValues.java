package dev.sluice.executor.aggregate;

import java.util.Arrays;

/**
 * The distinct values of the COUNT(DISTINCT x) calls per group during one batch (or one partial flush). An entry
 * is the key {@code [group slot: 4 bytes][call index: 2 bytes][value in ValueEncoding]}, so one table dedupes
 * every group and call; the entries of one group are also chained, so a group's values can be listed or moved to
 * another group (sessions that merge) without a scan of the whole table. Nothing is allocated per row.
 */
final class DistinctValues {
    static final int HEADER_BYTES = 6;
    private static final int NONE = -1;

    private final BytesKeyTable table = new BytesKeyTable();
    private final ByteSink key = new ByteSink(64);
    private int[] nextOfEntry = new int[256];
    private int[] firstOfSlot = new int[0];

    int size() {
        return table.size();
    }

    long memoryBytes() {
        return table.memoryBytes() + (long) nextOfEntry.length * Integer.BYTES
                + (long) firstOfSlot.length * Integer.BYTES;
    }

    void clear() {
        table.clear();
        Arrays.fill(firstOfSlot, NONE);
    }

    /** Adds the encoded values of {@code column} at {@code rows[i]} to group {@code slots[i]} for call {@code call}. */
    void addColumn(int call, ColumnData column, int[] rows, int[] slots, int count) {
        for (int i = 0; i < count; i++) {
            startKey(slots[i], call);
            ValueEncoding.encode(column, rows[i], key);
            insert(slots[i]);
        }
    }

    /** Adds one encoded value; returns whether it was new for the group and call. */
    boolean add(int slot, int call, byte[] value, int offset, int length) {
        startKey(slot, call);
        key.writeBytes(value, offset, length);
        return insert(slot);
    }

    private void startKey(int slot, int call) {
        key.reset();
        key.writeInt(slot);
        key.writeShort(call);
    }

    private boolean insert(int slot) {
        int entry = table.findOrInsert(key.data(), 0, key.size(), StableHash.hash(key.data(), 0, key.size()));
        if (!table.inserted()) {
            return false;
        }
        if (entry >= nextOfEntry.length) {
            nextOfEntry = Arrays.copyOf(nextOfEntry, nextOfEntry.length * 2);
        }
        if (slot >= firstOfSlot.length) {
            int old = firstOfSlot.length;
            firstOfSlot = Arrays.copyOf(firstOfSlot, Math.max(slot + 1, old * 2 + 16));
            Arrays.fill(firstOfSlot, old, firstOfSlot.length, NONE);
        }
        nextOfEntry[entry] = firstOfSlot[slot];
        firstOfSlot[slot] = entry;
        return true;
    }

    /** The first entry of a group, or -1. */
    int first(int slot) {
        return slot < firstOfSlot.length ? firstOfSlot[slot] : NONE;
    }

    /** The entry after {@code entry} in its group, or -1. */
    int next(int entry) {
        return nextOfEntry[entry];
    }

    /** The number of values of a group for one call. */
    long count(int slot, int call) {
        long count = 0;
        for (int entry = first(slot); entry != NONE; entry = next(entry)) {
            if (call(entry) == call) {
                count++;
            }
        }
        return count;
    }

    int slot(int entry) {
        return ByteSink.getInt(table.arena(), table.offset(entry));
    }

    int call(int entry) {
        return ByteSink.getShort(table.arena(), table.offset(entry) + 4);
    }

    /** The array that holds the entry's encoded value; valid until the next add. */
    byte[] arena() {
        return table.arena();
    }

    int valueOffset(int entry) {
        return table.offset(entry) + HEADER_BYTES;
    }

    int valueLength(int entry) {
        return table.length(entry) - HEADER_BYTES;
    }

    /** Adds every value of group {@code source} to group {@code target} (two sessions became one). */
    void moveAll(int source, int target) {
        ByteSink value = new ByteSink(64);
        for (int entry = first(source); entry != NONE; entry = next(entry)) {
            value.reset();
            value.writeBytes(table.arena(), valueOffset(entry), valueLength(entry));
            add(target, call(entry), value.data(), 0, value.size());
        }
        if (source < firstOfSlot.length) {
            firstOfSlot[source] = NONE;
        }
    }
}
