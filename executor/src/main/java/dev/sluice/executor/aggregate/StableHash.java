package dev.sluice.executor.aggregate;

/**
 * The hash that decides a group's key group: 64-bit FNV-1a over the group's encoded bytes, folded to 32 bits.
 * It is part of the state format: a group's key group is stored in its state key, so this function must give
 * the same value on every JVM, every run and every version of Sluice (no seeds, no {@code Object.hashCode}).
 * {@link dev.sluice.state.KeyGroups#keyGroupOf} mixes the result further before taking it modulo the number
 * of key groups.
 */
final class StableHash {
    static final long SEED = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private StableHash() {
    }

    static long update(long hash, byte[] bytes, int offset, int length) {
        long result = hash;
        for (int i = offset, end = offset + length; i < end; i++) {
            result = (result ^ (bytes[i] & 0xFF)) * PRIME;
        }
        return result;
    }

    static int finish(long hash) {
        return (int) (hash ^ (hash >>> 32));
    }

    static int hash(byte[] bytes, int offset, int length) {
        return finish(update(SEED, bytes, offset, length));
    }
}
