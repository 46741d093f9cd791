package dev.sluice.executor.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The two hash tables against Java's HashMap, through many resizes and with colliding keys. */
class KeyTablesTest {
    @Test
    void longKeyTablesOfEveryWidthGiveDenseIdsInOrderOfFirstAppearance() {
        for (int width : new int[] {1, 2, 3}) {
            LongKeyTable table = new LongKeyTable(width);
            Map<List<Long>, Integer> expected = new HashMap<>();
            Random random = new Random(width);
            int chunk = 1000;
            int valuesPerPart = width == 1 ? 20_000 : width == 2 ? 200 : 40;
            long[][] columns = new long[width][chunk];
            int[] groups = new int[chunk];
            for (int round = 0; round < 300; round++) {
                for (int i = 0; i < chunk; i++) {
                    for (int part = 0; part < width; part++) {
                        // few distinct values per part, and multiples of a power of two, which weak hashes cluster
                        columns[part][i] = (random.nextInt(valuesPerPart) - valuesPerPart / 2) * 1024L;
                    }
                }
                table.findOrInsert(columns, chunk, groups);
                for (int i = 0; i < chunk; i++) {
                    Long[] key = new Long[width];
                    for (int part = 0; part < width; part++) {
                        key[part] = columns[part][i];
                    }
                    Integer id = expected.computeIfAbsent(List.of(key), absent -> expected.size());
                    assertEquals(id, groups[i], "width " + width);
                }
            }
            assertEquals(expected.size(), table.size());
            for (Map.Entry<List<Long>, Integer> entry : expected.entrySet()) {
                for (int part = 0; part < width; part++) {
                    assertEquals(entry.getKey().get(part), table.key(entry.getValue(), part));
                }
            }
            assertTrue(table.size() > 10_000, "the table should have grown several times: " + table.size());
        }
    }

    @Test
    void bytesKeyTableFindsWhatItInsertedThroughResizes() {
        BytesKeyTable table = new BytesKeyTable();
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            String text = "key-" + (i * 7919 % 20_000);
            byte[] key = text.getBytes(StandardCharsets.UTF_8);
            // a constant hash half of the time: every such key collides, so equality must decide
            int hash = i % 2 == 0 ? 42 : StableHash.hash(key, 0, key.length);
            if (expected.containsKey(text) && table.find(key, 0, key.length, hash) < 0) {
                continue; // the same text under the other hash is another entry; not what this test is about
            }
            int id = table.findOrInsert(key, 0, key.length, hash);
            Integer previous = expected.putIfAbsent(text + "/" + (hash == 42), id);
            if (previous != null) {
                assertFalse(table.inserted());
                assertEquals(previous, id);
            } else {
                assertTrue(table.inserted());
                assertEquals(text, new String(table.copyKey(id), StandardCharsets.UTF_8));
            }
        }
        assertEquals(expected.size(), table.size());
    }
}
