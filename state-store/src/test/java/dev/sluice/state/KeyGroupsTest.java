package dev.sluice.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyGroupsTest {
    @Test
    void shouldPutEveryKeyGroupInExactlyOneContiguousRange() {
        for (int keyGroups : new int[] {1, 7, 128, 1000, KeyGroups.MAX_KEY_GROUPS}) {
            for (int partitions = 1; partitions <= Math.min(8, keyGroups); partitions++) {
                int next = 0;
                for (int partition = 0; partition < partitions; partition++) {
                    KeyGroups.Range range = KeyGroups.rangeOf(partition, keyGroups, partitions);
                    assertEquals(next, range.first(), keyGroups + " groups, " + partitions + " partitions");
                    for (int keyGroup = range.first(); keyGroup <= range.last(); keyGroup++) {
                        assertEquals(partition, KeyGroups.partitionOf(keyGroup, keyGroups, partitions));
                    }
                    // ranges are balanced: sizes differ by at most one
                    int size = range.size();
                    assertTrue(size == keyGroups / partitions || size == keyGroups / partitions + 1);
                    next = range.last() + 1;
                }
                assertEquals(keyGroups, next, "the ranges cover every key group");
            }
        }
    }

    @Test
    void shouldAssignKeysStablyAndSpreadThemEvenly() {
        int[] counts = new int[KeyGroups.DEFAULT_KEY_GROUPS];
        for (int key = 0; key < 128_000; key++) {
            int keyGroup = KeyGroups.keyGroupOf(Integer.hashCode(key), KeyGroups.DEFAULT_KEY_GROUPS);
            assertEquals(keyGroup, KeyGroups.keyGroupOf(Integer.hashCode(key), KeyGroups.DEFAULT_KEY_GROUPS));
            counts[keyGroup]++;
        }
        for (int count : counts) {
            assertTrue(count > 800 && count < 1200, "uneven key groups: " + count);
        }
        // fixed values: the assignment must never change between releases, or restored state is misplaced
        assertEquals(0, KeyGroups.keyGroupOf(0, 128));
        assertEquals(55, KeyGroups.keyGroupOf(1, 128));
        assertEquals(92, KeyGroups.keyGroupOf(42, 128));
        assertEquals(57, KeyGroups.keyGroupOf(-1, 128));
        assertEquals(84, KeyGroups.keyGroupOf("user-17".hashCode(), 128));
    }

    @Test
    void shouldMoveWholeKeyGroupsWhenRescaling() {
        // a key group always lands in exactly one partition, whatever the partition count
        for (int keyGroup = 0; keyGroup < 128; keyGroup++) {
            for (int partitions = 1; partitions <= 8; partitions++) {
                int owner = KeyGroups.partitionOf(keyGroup, 128, partitions);
                assertTrue(KeyGroups.rangeOf(owner, 128, partitions).contains(keyGroup));
            }
        }
    }

    @Test
    void shouldPrefixKeysWithTheirKeyGroupBigEndian() {
        byte[] stored = KeyGroups.prefixedKey(0x0102, new byte[] {9, 8});
        assertArrayEquals(new byte[] {1, 2, 9, 8}, stored);
        assertEquals(0x0102, KeyGroups.keyGroupOfStoredKey(stored));
        assertEquals(32767, KeyGroups.keyGroupOfStoredKey(KeyGroups.prefix(32767)));
        assertArrayEquals(new byte[] {0, 5}, KeyGroups.prefix(5));
    }

    @Test
    void shouldRejectBadBounds() {
        assertThrows(IllegalArgumentException.class, () -> KeyGroups.keyGroupOf(1, 0));
        assertThrows(IllegalArgumentException.class, () -> KeyGroups.keyGroupOf(1, KeyGroups.MAX_KEY_GROUPS + 1));
        assertThrows(IllegalArgumentException.class, () -> KeyGroups.rangeOf(0, 4, 5));
        assertThrows(IllegalArgumentException.class, () -> KeyGroups.rangeOf(4, 128, 4));
        assertThrows(IllegalArgumentException.class, () -> KeyGroups.partitionOf(128, 128, 4));
    }
}
