package dev.sluice.state.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** Our encoding of a batch equals, byte for byte, what RocksDB's own WriteBatch builds from the same writes. */
class WriteBatchEncodingTest {
    static {
        RocksDB.loadLibrary();
    }

    @Test
    void encodesPutsAndDeletesAsRocksDbDoes() throws RocksDBException {
        Random random = new Random(7);
        TreeMap<byte[], byte[]> changes = new TreeMap<>(Arrays::compareUnsigned);
        // Lengths around the varint boundaries (127/128, 16383/16384), an empty key and value, and deletes.
        int[] lengths = {0, 1, 2, 126, 127, 128, 129, 300, 16383, 16384, 20000};
        for (int keyLength : lengths) {
            for (int valueLength : lengths) {
                byte[] key = new byte[keyLength + 4];
                random.nextBytes(key);
                byte[] value = new byte[valueLength];
                random.nextBytes(value);
                changes.put(key, random.nextInt(5) == 0 ? null : value);
            }
        }
        try (WriteBatch expected = new WriteBatch()) {
            for (Map.Entry<byte[], byte[]> change : changes.entrySet()) {
                if (change.getValue() == null) {
                    expected.delete(change.getKey());
                } else {
                    expected.put(change.getKey(), change.getValue());
                }
            }
            assertArrayEquals(expected.data(), WriteBatchEncoding.encode(changes));
        }
    }

    @Test
    void anEmptyBatchIsItsHeader() throws RocksDBException {
        try (WriteBatch expected = new WriteBatch()) {
            assertArrayEquals(expected.data(), WriteBatchEncoding.encode(new TreeMap<>(Arrays::compareUnsigned)));
        }
    }
}
