package dev.sluice.connector.datagen;

import java.nio.charset.StandardCharsets;

/**
 * The stateless mixing behind every random column: the value of row {@code i} is
 * {@code mix(key + (i + 1) * GOLDEN_GAMMA)}, which is exactly the {@code i}-th output of a SplitMix64 generator
 * seeded with {@code key}. Unlike a {@link java.util.Random} sequence, any row can be made directly, so a replayed
 * range, a range split differently into partitions or batches, and a fresh process all give the same values.
 */
final class RowHash {
    /** SplitMix64's increment: the odd integer closest to 2^64 divided by the golden ratio. */
    static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /** Salt that separates a column's null decisions from its values, so that the two are independent. */
    private static final long NULL_SALT = 0x6E756C6C73616C74L;

    private RowHash() {}

    /** SplitMix64's finaliser (Stafford's "mix13"): a bijection on 64 bits with good avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The hash of row {@code row} for a column's {@code key}. */
    static long hash(long key, long row) {
        return mix(key + (row + 1) * GOLDEN_GAMMA);
    }

    /**
     * A column's key: from the table's seed and the column's name (not its position), so adding or reordering
     * columns leaves the other columns' values alone.
     */
    static long columnKey(long seed, String columnName) {
        return mix(mix(seed) + fnv1a64(columnName));
    }

    /** The key for a column's null decisions, derived from its value key. */
    static long nullKey(long columnKey) {
        return mix(columnKey ^ NULL_SALT);
    }

    /**
     * The high 64 bits of the unsigned 128-bit product {@code a * b}: maps a uniform 64-bit {@code a} onto
     * {@code [0, b)} without division and without the bias of a modulo (Lemire's method). Java 18 has this as
     * {@code Math.unsignedMultiplyHigh}; we target 17.
     */
    static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** A uniform value in {@code [min, max]}; {@code span = max - min + 1} modulo 2^64 (0 for the full range). */
    static long uniform(long hash, long min, long span) {
        return span == 0 ? hash : min + unsignedMultiplyHigh(hash, span);
    }

    /** A uniform double in {@code [0, 1)} from the hash's top 53 bits. */
    static double unitDouble(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** FNV-1a over the UTF-8 bytes: a hash of a name that is the same on every JVM and every run. */
    static long fnv1a64(String text) {
        long hash = 0xCBF29CE484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001B3L;
        }
        return hash;
    }
}
