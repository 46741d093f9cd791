package dev.sluice.state.rocksdb;

import java.util.Map;

/**
 * A batch's changes as two parallel arrays, in the map's (unsigned key) order: {@code keys[i]} = {@code values[i]},
 * a null value being a delete. Both encodings (the changelog and RocksDB's write batch) walk them by index.
 */
record SortedChanges(byte[][] keys, byte[][] values) {
    static SortedChanges of(Map<byte[], byte[]> changes) {
        byte[][] keys = new byte[changes.size()][];
        byte[][] values = new byte[changes.size()][];
        int index = 0;
        for (Map.Entry<byte[], byte[]> change : changes.entrySet()) {
            keys[index] = change.getKey();
            values[index++] = change.getValue();
        }
        return new SortedChanges(keys, values);
    }
}
