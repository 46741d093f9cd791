package dev.sluice.state;

/**
 * Assigns keys to key groups and key groups to state partitions. Every stateful key is hashed into one of a fixed
 * number of key groups ({@link #DEFAULT_KEY_GROUPS} unless the query chose otherwise at its first run; it never
 * changes afterwards, because stored keys carry their group). State partition p of n owns the contiguous range of
 * key groups {@code [ceil(p * G / n), ceil((p + 1) * G / n) - 1]}, so when a query restarts with another number of
 * partitions, each new partition takes over whole key groups and its state can be found by key-group prefix.
 *
 * <p>Bounds this class relies on: {@code 1 <= G <= MAX_KEY_GROUPS} (a key group fits in two bytes) and
 * {@code 1 <= n <= G} (every partition owns at least one key group). {@code p * G} fits in an int for those bounds.
 *
 * <p>Keys in a state store start with their key group, two bytes big-endian ({@link #prefixedKey}), so one
 * partition can hold several ranges and a prefix scan over one key group is cheap. Per-key-group metadata (an
 * operator's counters) is stored as {@code [0xFF][tag][key group, two bytes][...]}: 0xFF starts no key group, so
 * scans of key groups never meet it, and {@link #copyKeyGroups} still moves it with its key group.
 */
public final class KeyGroups {
    public static final int DEFAULT_KEY_GROUPS = 128;
    public static final int MAX_KEY_GROUPS = 1 << 15;
    /** Bytes of the key-group prefix of a stored key. */
    public static final int PREFIX_BYTES = 2;

    private KeyGroups() {}

    /** A contiguous, non-empty range of key groups, both ends inclusive. */
    public record Range(int first, int last) {
        public Range {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("invalid key-group range [" + first + ", " + last + "]");
            }
        }

        public boolean contains(int keyGroup) {
            return keyGroup >= first && keyGroup <= last;
        }

        public int size() {
            return last - first + 1;
        }
    }

    /**
     * The key group of a key whose hash is {@code keyHash} (any 32-bit hash, for example of the key's bytes). The
     * hash is mixed first, because many hashes (an int's own value, Java's string hash) differ only in low bits.
     */
    public static int keyGroupOf(int keyHash, int keyGroups) {
        checkKeyGroups(keyGroups);
        return Math.floorMod(mix(keyHash), keyGroups);
    }

    /** The state partition that owns {@code keyGroup} when there are {@code partitions} partitions. */
    public static int partitionOf(int keyGroup, int keyGroups, int partitions) {
        checkPartitions(keyGroups, partitions);
        if (keyGroup < 0 || keyGroup >= keyGroups) {
            throw new IllegalArgumentException("key group " + keyGroup + " is outside [0, " + keyGroups + ")");
        }
        return keyGroup * partitions / keyGroups;
    }

    /** The key groups owned by {@code partition} of {@code partitions}: the exact inverse of {@link #partitionOf}. */
    public static Range rangeOf(int partition, int keyGroups, int partitions) {
        checkPartitions(keyGroups, partitions);
        if (partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException("partition " + partition + " is outside [0, " + partitions + ")");
        }
        int first = ceilDivide(partition * keyGroups, partitions);
        int last = ceilDivide((partition + 1) * keyGroups, partitions) - 1;
        return new Range(first, last);
    }

    /** {@code key} prefixed with its key group, two bytes big-endian: the form in which keys are stored. */
    public static byte[] prefixedKey(int keyGroup, byte[] key) {
        checkKeyGroup(keyGroup);
        byte[] stored = new byte[PREFIX_BYTES + key.length];
        stored[0] = (byte) (keyGroup >>> 8);
        stored[1] = (byte) keyGroup;
        System.arraycopy(key, 0, stored, PREFIX_BYTES, key.length);
        return stored;
    }

    /** The two-byte prefix of every stored key of {@code keyGroup}, for a prefix scan over one key group. */
    public static byte[] prefix(int keyGroup) {
        return prefixedKey(keyGroup, new byte[0]);
    }

    /** The first byte of every per-key-group metadata key. */
    public static final byte METADATA = (byte) 0xFF;

    /**
     * Copies every entry of the key groups in {@code range} (their keys and their metadata) from {@code from}
     * into {@code to}: how a state partition of a new layout gets its key groups from the old layout's stores.
     *
     * @return the entries copied
     */
    public static long copyKeyGroups(KeyValueState from, KeyValueState to, Range range) {
        long copied = 0;
        for (int keyGroup = range.first(); keyGroup <= range.last(); keyGroup++) {
            try (KeyValueIterator entries = from.prefixScan(prefix(keyGroup))) {
                while (entries.hasNext()) {
                    KeyValue entry = entries.next();
                    to.put(entry.key(), entry.value());
                    copied++;
                }
            }
        }
        try (KeyValueIterator metadata = from.prefixScan(new byte[] {METADATA})) {
            while (metadata.hasNext()) {
                KeyValue entry = metadata.next();
                byte[] key = entry.key();
                if (key.length >= 4 && range.contains(((key[2] & 0xff) << 8) | (key[3] & 0xff))) {
                    to.put(key, entry.value());
                    copied++;
                }
            }
        }
        return copied;
    }

    /** The key group a stored key starts with. */
    public static int keyGroupOfStoredKey(byte[] storedKey) {
        if (storedKey.length < PREFIX_BYTES) {
            throw new IllegalArgumentException("a stored key has at least " + PREFIX_BYTES + " bytes, this one "
                    + storedKey.length);
        }
        return ((storedKey[0] & 0xff) << 8) | (storedKey[1] & 0xff);
    }

    /**
     * The 32-bit finalisation step of the MurmurHash3 family: every input bit affects every output bit, so
     * consecutive hashes spread evenly over the key groups.
     */
    static int mix(int hash) {
        int mixed = hash;
        mixed ^= mixed >>> 16;
        mixed *= 0x85ebca6b;
        mixed ^= mixed >>> 13;
        mixed *= 0xc2b2ae35;
        mixed ^= mixed >>> 16;
        return mixed;
    }

    private static int ceilDivide(int dividend, int divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    private static void checkKeyGroups(int keyGroups) {
        if (keyGroups < 1 || keyGroups > MAX_KEY_GROUPS) {
            throw new IllegalArgumentException("the number of key groups must be in [1, " + MAX_KEY_GROUPS
                    + "]: " + keyGroups);
        }
    }

    private static void checkKeyGroup(int keyGroup) {
        if (keyGroup < 0 || keyGroup >= MAX_KEY_GROUPS) {
            throw new IllegalArgumentException("key group must be in [0, " + MAX_KEY_GROUPS + "): " + keyGroup);
        }
    }

    private static void checkPartitions(int keyGroups, int partitions) {
        checkKeyGroups(keyGroups);
        if (partitions < 1 || partitions > keyGroups) {
            throw new IllegalArgumentException("the number of state partitions must be in [1, " + keyGroups
                    + "] (the number of key groups): " + partitions);
        }
    }
}
