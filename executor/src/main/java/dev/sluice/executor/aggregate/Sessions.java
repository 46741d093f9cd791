package dev.sluice.executor.aggregate;

import java.util.Arrays;

/**
 * Session windows per key: each key (a dense key id) has a list of live sessions, each a group slot of a
 * {@link GroupState} with its bounds {@code [start, end)}. Adding an interval to a key merges it with every session
 * it overlaps or touches ({@code [s1, e1)} and {@code [s2, e2)} with {@code s2 <= e1} and {@code s1 <= e2}),
 * transitively: merged sessions give their rows and distinct values to the surviving one and forward to it, so a
 * slot handed out earlier in the batch can be resolved to the session that holds its rows now.
 */
final class Sessions {
    private static final int NONE = -1;

    private final GroupState groups;
    private int[] firstOfKey = new int[0];
    private long[] starts = new long[0];
    private long[] ends = new long[0];
    private int[] nextOfSlot = new int[0];
    private int[] keyOfSlot = new int[0];
    private int[] forward = new int[0];

    Sessions(GroupState groups) {
        this.groups = groups;
    }

    void clear() {
        Arrays.fill(firstOfKey, NONE);
    }

    long memoryBytes() {
        return (long) firstOfKey.length * Integer.BYTES + (long) starts.length * (2 * Long.BYTES + 3 * Integer.BYTES);
    }

    /** The session of {@code key} that now holds the interval {@code [start, end)}, created or merged as needed. */
    int add(int key, long start, long end) {
        ensureKey(key);
        int target = NONE;
        for (int slot = firstOfKey[key]; slot != NONE; slot = nextOfSlot[slot]) {
            if (starts[slot] <= end && start <= ends[slot]) {
                target = slot;
                break;
            }
        }
        if (target == NONE) {
            int slot = groups.newSlot();
            ensureSlot(slot);
            starts[slot] = start;
            ends[slot] = end;
            keyOfSlot[slot] = key;
            forward[slot] = slot;
            nextOfSlot[slot] = firstOfKey[key];
            firstOfKey[key] = slot;
            return slot;
        }
        starts[target] = Math.min(starts[target], start);
        ends[target] = Math.max(ends[target], end);
        absorbOverlapping(target);
        return target;
    }

    /** Merges into {@code target} every other live session of its key that it overlaps, until none is left. */
    private void absorbOverlapping(int target) {
        int key = keyOfSlot[target];
        boolean merged = true;
        while (merged) {
            merged = false;
            int previous = NONE;
            for (int slot = firstOfKey[key]; slot != NONE; previous = slot, slot = nextOfSlot[slot]) {
                if (slot != target && starts[slot] <= ends[target] && starts[target] <= ends[slot]) {
                    groups.merge(target, slot);
                    if (groups.distinct() != null) {
                        groups.distinct().moveAll(slot, target);
                    }
                    starts[target] = Math.min(starts[target], starts[slot]);
                    ends[target] = Math.max(ends[target], ends[slot]);
                    if (previous == NONE) {
                        firstOfKey[key] = nextOfSlot[slot];
                    } else {
                        nextOfSlot[previous] = nextOfSlot[slot];
                    }
                    forward[slot] = target;
                    merged = true;
                    break;
                }
            }
        }
    }

    /** The live session a slot handed out earlier now belongs to. */
    int resolve(int slot) {
        int live = slot;
        while (forward[live] != live) {
            live = forward[live];
        }
        int at = slot;
        while (forward[at] != live) {
            int next = forward[at];
            forward[at] = live;
            at = next;
        }
        return live;
    }

    boolean isLive(int slot) {
        return slot < forward.length && forward[slot] == slot;
    }

    long start(int slot) {
        return starts[slot];
    }

    long end(int slot) {
        return ends[slot];
    }

    int key(int slot) {
        return keyOfSlot[slot];
    }

    /** The first live session of a key, or -1; then {@link #next}. */
    int first(int key) {
        return key < firstOfKey.length ? firstOfKey[key] : NONE;
    }

    int next(int slot) {
        return nextOfSlot[slot];
    }

    /** Whether {@code [start, end)} overlaps or touches a live session of the key. */
    boolean overlapsLive(int key, long start, long end) {
        for (int slot = first(key); slot != NONE; slot = nextOfSlot[slot]) {
            if (starts[slot] <= end && start <= ends[slot]) {
                return true;
            }
        }
        return false;
    }

    private void ensureKey(int key) {
        if (key >= firstOfKey.length) {
            int old = firstOfKey.length;
            firstOfKey = Arrays.copyOf(firstOfKey, Math.max(key + 1, old * 2 + 16));
            Arrays.fill(firstOfKey, old, firstOfKey.length, NONE);
        }
    }

    private void ensureSlot(int slot) {
        if (slot >= starts.length) {
            int capacity = Math.max(slot + 1, starts.length * 2 + 16);
            starts = Arrays.copyOf(starts, capacity);
            ends = Arrays.copyOf(ends, capacity);
            nextOfSlot = Arrays.copyOf(nextOfSlot, capacity);
            keyOfSlot = Arrays.copyOf(keyOfSlot, capacity);
            int old = forward.length;
            forward = Arrays.copyOf(forward, capacity);
            Arrays.fill(forward, old, capacity, NONE);
        }
    }
}
