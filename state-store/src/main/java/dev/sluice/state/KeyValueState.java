package dev.sluice.state;

/**
 * The key-value view of a loaded state store that operators read and write during a batch. Keys and values are
 * opaque bytes; keys compare as unsigned bytes, so big-endian encodings (key group, window end, timestamps) give
 * useful prefix and range scans. Reads see the batch's own earlier writes. Writes become visible to other
 * instances only when the store commits; {@link StateStore#abort()} throws them away.
 *
 * <p>Not safe for concurrent use: one task thread owns a store during a batch. Do not write while a scan is open.
 */
public interface KeyValueState {
    /** The value of {@code key}, or null if there is none. */
    byte[] get(byte[] key);

    /**
     * The values of {@code keys}, in order (null where there is none): one round trip for many keys, which is
     * what an operator that read-modify-writes every group of a batch wants.
     */
    default java.util.List<byte[]> getAll(java.util.List<byte[]> keys) {
        java.util.List<byte[]> values = new java.util.ArrayList<>(keys.size());
        for (byte[] key : keys) {
            values.add(get(key));
        }
        return values;
    }

    void put(byte[] key, byte[] value);

    /** Removes {@code key}; removing a missing key is not an error. */
    void delete(byte[] key);

    /** The entries whose key starts with {@code prefix}. */
    KeyValueIterator prefixScan(byte[] prefix);

    /** The entries with {@code fromInclusive <= key < toExclusive} (unsigned byte order). */
    KeyValueIterator rangeScan(byte[] fromInclusive, byte[] toExclusive);
}
