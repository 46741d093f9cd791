package dev.sluice.executor.aggregate;

import java.util.Arrays;

/**
 * The keys an aggregation writes to its state store. Every key starts with its key group (2 bytes big-endian, as
 * {@link dev.sluice.state.KeyGroups#prefixedKey} writes it), so a state partition can scan exactly the key groups
 * it owns, and a range of key groups can move to another partition. Then a namespace byte:
 *
 * <pre>
 * [kg][0x01][window end][window start][group keys][0x00]                      accumulators of a window or session
 * [kg][0x01][window end][window start][group keys][0x01][call][value]         a COUNT(DISTINCT) value (empty value)
 * [kg][0x02][group keys][0x00]                                                accumulators of a GROUP BY without window
 * [kg][0x02][group keys][0x01][call][value]                                   its COUNT(DISTINCT) values
 * [kg][0x03][session keys][session start]  -> session end (8 bytes)           the sessions of a key
 * [0xFF][0x01][kg]                         -> number of groups (8 bytes)       exact row count per key group
 * </pre>
 *
 * Times are 8 bytes big-endian with the sign bit flipped and group keys are in {@link ValueEncoding}, so keys sort
 * by key group, then window end, then window start, then group keys. That order is what makes windows due for the
 * watermark cheap to find: they are one range scan per key group, {@code [kg][0x01] .. [kg][0x01][watermark + 1)},
 * and their COUNT(DISTINCT) entries sort right after their accumulators, in the same range. The session index
 * finds the stored sessions of a key by a prefix scan, to merge them with the batch's. The counters' first byte
 * 0xFF is no key group's (there are at most 2^15), so no scan of key groups meets them. A group's value is
 * {@link GroupState#FORMAT} then each call's accumulator ({@link Accumulator#encode}).
 */
final class StateLayout {
    static final int WINDOW_NAMESPACE = 0x01;
    static final int GROUP_NAMESPACE = 0x02;
    static final int SESSION_INDEX_NAMESPACE = 0x03;
    static final int ACCUMULATORS = 0x00;
    static final int DISTINCT_VALUE = 0x01;
    /** Where the group keys start in a window key: after key group, namespace, end and start. */
    static final int WINDOW_KEYS_START = 2 + 1 + 8 + 8;
    /** Where the group keys start in a GROUP BY key, and the session keys in a session index key. */
    static final int GROUP_KEYS_START = 2 + 1;
    static final byte[] EMPTY = new byte[0];

    private StateLayout() {
    }

    static void writeKeyGroup(int keyGroup, ByteSink out) {
        out.writeShort(keyGroup);
    }

    static int keyGroupOf(byte[] key, int offset) {
        return ByteSink.getShort(key, offset);
    }

    /** The first key of a key group's windows. */
    static byte[] windowsFrom(int keyGroup) {
        return new byte[] {(byte) (keyGroup >>> 8), (byte) keyGroup, WINDOW_NAMESPACE};
    }

    /** The end (exclusive) of a key group's windows with {@code end <= watermark}. */
    static byte[] dueWindowsTo(int keyGroup, long watermark) {
        if (watermark == Long.MAX_VALUE) {
            return new byte[] {(byte) (keyGroup >>> 8), (byte) keyGroup, WINDOW_NAMESPACE + 1};
        }
        ByteSink key = new ByteSink(11);
        writeKeyGroup(keyGroup, key);
        key.writeByte(WINDOW_NAMESPACE);
        ValueEncoding.writeTime(watermark + 1, key);
        return key.toByteArray();
    }

    /** The first key of a key group (the scan of everything a range of key groups holds). */
    static byte[] keyGroupFrom(int keyGroup) {
        return new byte[] {(byte) (keyGroup >>> 8), (byte) keyGroup};
    }

    static byte[] counterKey(int keyGroup) {
        return new byte[] {(byte) 0xFF, 0x01, (byte) (keyGroup >>> 8), (byte) keyGroup};
    }

    /** The smallest key after {@code key}: where a scan resumes. */
    static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    static byte[] longValue(long value) {
        byte[] bytes = new byte[8];
        ByteSink.putLong(bytes, 0, value);
        return bytes;
    }

    static long readLongValue(byte[] value, String what) {
        if (value.length != 8) {
            throw new IllegalStateException(what + " has " + value.length + " bytes, not 8");
        }
        return ByteSink.getLong(value, 0);
    }
}
