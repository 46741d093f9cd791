package dev.sluice.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.checkpoint.LocalPublishOnceStore;
import dev.sluice.checkpoint.PublishOnceStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of every {@link StateStore}: each implementation's test extends this class and says how to create a
 * provider. Every test uses a real checkpoint directory; "a new instance" means a new provider on a new local
 * directory, as on another executor.
 */
public abstract class StateStoreContractTest {
    protected static final StateStoreId ID = new StateStoreId("aggregate-1", 3);

    @TempDir
    protected Path temporary;
    protected PublishOnceStore checkpoint;
    private final List<StateStoreProvider> providers = new ArrayList<>();
    private int localDirectories;

    /** A provider with its own local directory, publishing to {@code checkpoint}. */
    protected abstract StateStoreProvider createProvider(Path localDirectory, PublishOnceStore checkpoint);

    @BeforeEach
    void createCheckpoint() {
        checkpoint = new LocalPublishOnceStore(temporary.resolve("checkpoint"));
    }

    @AfterEach
    void closeProviders() {
        providers.forEach(StateStoreProvider::close);
    }

    /** A store of {@link #ID} on a fresh local directory (a new executor). */
    protected StateStore newStore() {
        StateStoreProvider provider = createProvider(temporary.resolve("local-" + localDirectories++), checkpoint);
        providers.add(provider);
        return provider.open(ID);
    }

    /** A store of {@code id} on a fresh local directory. */
    protected StateStore newStore(StateStoreId id) {
        StateStoreProvider provider = createProvider(temporary.resolve("local-" + localDirectories++), checkpoint);
        providers.add(provider);
        return provider.open(id);
    }

    /**
     * Rescaling: two partitions of a 2-partition layout at version 3, then the three partitions of a 3-partition
     * layout built from their key groups (keys and per-key-group metadata) as base version 3, then a batch on top;
     * each new partition, restored on a new executor, holds exactly its key groups' entries.
     */
    @Test
    void aNewLayoutStartsFromTheOldLayoutsKeyGroups() {
        int keyGroups = 8;
        Map<String, String> all = new java.util.TreeMap<>(); // hex key -> value
        for (int partition = 0; partition < 2; partition++) {
            StateStore old = newStore(new StateStoreId("agg.of-2", partition));
            old.load(StateStore.EMPTY_VERSION);
            for (int version = 0; version <= 3; version++) {
                KeyGroups.Range owned = KeyGroups.rangeOf(partition, keyGroups, 2);
                for (int keyGroup = owned.first(); keyGroup <= owned.last(); keyGroup++) {
                    byte[] key = KeyGroups.prefixedKey(keyGroup, bytes("v" + version));
                    old.state().put(key, bytes("value-" + keyGroup + "-" + version));
                    byte[] counter = {KeyGroups.METADATA, 1, 0, (byte) keyGroup};
                    old.state().put(counter, bytes("count-" + keyGroup + "-" + version));
                }
                old.commit(version);
            }
            all.putAll(hexEverything(old));
        }
        for (int partition = 0; partition < 3; partition++) {
            StateStoreId id = new StateStoreId("agg.of-3", partition);
            StateStore fresh = newStore(id);
            assertFalse(fresh.hasVersion(3));
            fresh.load(StateStore.EMPTY_VERSION);
            KeyGroups.Range owned = KeyGroups.rangeOf(partition, keyGroups, 3);
            for (int oldPartition = 0; oldPartition < 2; oldPartition++) {
                StateStore old = newStore(new StateStoreId("agg.of-2", oldPartition));
                old.load(3);
                KeyGroups.copyKeyGroups(old.state(), fresh.state(), owned);
            }
            fresh.commitBase(3);
            assertTrue(fresh.hasVersion(3));
            fresh.load(3);
            fresh.state().put(KeyGroups.prefixedKey(owned.first(), bytes("v4")), bytes("four"));
            fresh.commit(4);

            StateStore restored = newStore(id);
            restored.load(4);
            Map<String, String> expected = new java.util.TreeMap<>();
            for (Map.Entry<String, String> entry : all.entrySet()) {
                byte[] key = java.util.HexFormat.of().parseHex(entry.getKey());
                int keyGroup = key[0] == KeyGroups.METADATA ? ((key[2] & 0xff) << 8) | (key[3] & 0xff)
                        : KeyGroups.keyGroupOfStoredKey(key);
                if (owned.contains(keyGroup)) {
                    expected.put(entry.getKey(), entry.getValue());
                }
            }
            expected.put(java.util.HexFormat.of().formatHex(KeyGroups.prefixedKey(owned.first(), bytes("v4"))),
                    "four");
            assertEquals(expected, hexEverything(restored), "partition " + partition);
        }
    }

    private static Map<String, String> hexEverything(StateStore store) {
        Map<String, String> entries = new java.util.TreeMap<>();
        try (KeyValueIterator iterator = store.state().rangeScan(new byte[0],
                new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff})) {
            while (iterator.hasNext()) {
                KeyValue entry = iterator.next();
                entries.put(java.util.HexFormat.of().formatHex(entry.key()), text(entry.value()));
            }
        }
        return entries;
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    protected static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    protected static Map<String, String> scan(KeyValueIterator iterator) {
        Map<String, String> entries = new LinkedHashMap<>();
        try (iterator) {
            while (iterator.hasNext()) {
                KeyValue entry = iterator.next();
                entries.put(text(entry.key()), text(entry.value()));
            }
        }
        return entries;
    }

    protected static Map<String, String> everything(StateStore store) {
        return scan(store.state().rangeScan(new byte[0], new byte[] {(byte) 0xff, (byte) 0xff}));
    }

    /** Commits versions 0..last, version v putting k{v} = v and deleting k{v-2}. */
    protected static void commitVersions(StateStore store, int last) {
        store.load(StateStore.EMPTY_VERSION);
        for (int v = 0; v <= last; v++) {
            store.state().put(bytes("k" + v), bytes("v" + v));
            store.state().delete(bytes("k" + (v - 2)));
            store.commit(v);
        }
    }

    protected static Map<String, String> expectedAt(int version) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int v = Math.max(0, version - 1); v <= version; v++) {
            expected.put("k" + v, "v" + v);
        }
        return sortedByKey(expected);
    }

    private static Map<String, String> sortedByKey(Map<String, String> entries) {
        Map<String, String> sorted = new LinkedHashMap<>();
        entries.keySet().stream().sorted().forEach(key -> sorted.put(key, entries.get(key)));
        return sorted;
    }

    @Test
    void shouldGetPutAndDeleteWithinABatch() {
        StateStore store = newStore();
        store.load(StateStore.EMPTY_VERSION);
        KeyValueState state = store.state();
        assertNull(state.get(bytes("a")));
        state.put(bytes("a"), bytes("1"));
        assertEquals("1", text(state.get(bytes("a"))));
        state.put(bytes("a"), bytes("2"));
        assertEquals("2", text(state.get(bytes("a"))));
        state.delete(bytes("a"));
        assertNull(state.get(bytes("a")));
        state.delete(bytes("never-written"));
        state.put(bytes("empty"), new byte[0]);
        assertArrayEquals(new byte[0], state.get(bytes("empty")));
    }

    @Test
    void shouldGetManyKeysAtOnceOverCommittedAndBatchWrites() {
        StateStore store = newStore();
        store.load(StateStore.EMPTY_VERSION);
        store.state().put(bytes("a"), bytes("committed a"));
        store.state().put(bytes("b"), bytes("committed b"));
        store.state().put(bytes("c"), bytes("committed c"));
        store.commit(0);
        store.load(0);
        KeyValueState state = store.state();
        List<String> before = state.getAll(List.of(bytes("a"), bytes("x"), bytes("c"))).stream()
                .map(StateStoreContractTest::text).toList();
        assertEquals(Arrays.asList("committed a", null, "committed c"), before);
        state.put(bytes("a"), bytes("new a"));
        state.delete(bytes("b"));
        state.put(bytes("x"), bytes("new x"));
        List<String> after = state.getAll(List.of(bytes("a"), bytes("b"), bytes("c"), bytes("x"))).stream()
                .map(StateStoreContractTest::text).toList();
        assertEquals(Arrays.asList("new a", null, "committed c", "new x"), after);
        assertEquals(List.of(), state.getAll(List.of()));
    }

    @Test
    void shouldScanPrefixesAndRangesOverCommittedAndBatchWrites() {
        StateStore store = newStore();
        store.load(StateStore.EMPTY_VERSION);
        store.state().put(bytes("a/1"), bytes("committed"));
        store.state().put(bytes("a/3"), bytes("to delete"));
        store.state().put(bytes("b/1"), bytes("b"));
        store.commit(0);
        store.load(0);
        KeyValueState state = store.state();
        state.put(bytes("a/2"), bytes("batch"));
        state.delete(bytes("a/3"));
        state.put(bytes("a/1"), bytes("overwritten"));
        state.put(bytes("a"), bytes("shorter than the prefix"));

        assertEquals(Map.of("a/1", "overwritten", "a/2", "batch"), scan(state.prefixScan(bytes("a/"))));
        assertEquals(List.of("a/1", "a/2"), List.copyOf(scan(state.prefixScan(bytes("a/"))).keySet()));
        assertEquals(List.of("a/2", "b/1"), List.copyOf(scan(state.rangeScan(bytes("a/2"), bytes("b/2"))).keySet()));
        assertEquals(List.of("a", "a/1"), List.copyOf(scan(state.rangeScan(bytes("a"), bytes("a/2"))).keySet()));
        assertEquals(Map.of(), scan(state.prefixScan(bytes("c"))));
    }

    @Test
    void shouldOrderKeysAsUnsignedBytes() {
        StateStore store = newStore();
        store.load(StateStore.EMPTY_VERSION);
        store.state().put(new byte[] {(byte) 0x80}, bytes("high"));
        store.state().put(new byte[] {0x01}, bytes("low"));
        try (KeyValueIterator iterator = store.state().rangeScan(new byte[] {0x00}, new byte[] {(byte) 0xff})) {
            assertEquals("low", text(iterator.next().value()));
            assertEquals("high", text(iterator.next().value()));
            assertTrue(!iterator.hasNext());
        }
    }

    @Test
    void shouldDiscardTheBatchOnAbort() {
        StateStore store = newStore();
        store.load(StateStore.EMPTY_VERSION);
        store.state().put(bytes("kept"), bytes("1"));
        store.commit(0);
        store.load(0);
        store.state().put(bytes("discarded"), bytes("2"));
        store.state().delete(bytes("kept"));
        store.abort();
        assertEquals(Map.of("kept", "1"), everything(store));
        assertEquals(0, store.version());
        store.state().put(bytes("next"), bytes("3"));
        store.commit(1);
        assertEquals(Map.of("kept", "1", "next", "3"), everything(newStoreAt(1)));
    }

    @Test
    void shouldDiscardUncommittedWritesWhenLoadedAgain() {
        StateStore store = newStore();
        commitVersions(store, 1);
        store.load(1);
        store.state().put(bytes("uncommitted"), bytes("x"));
        store.load(1);
        assertEquals(expectedAt(1), everything(store));
    }

    @Test
    void shouldSeeExactlyTheCommittedVersionInANewInstance() {
        StateStore store = newStore();
        commitVersions(store, 4);
        store.load(4);
        store.state().put(bytes("uncommitted"), bytes("x"));
        assertEquals(expectedAt(4), everything(newStoreAt(4)));
        for (int version = 0; version <= 4; version++) {
            assertEquals(expectedAt(version), everything(newStoreAt(version)), "version " + version);
        }
    }

    @Test
    void shouldReopenTheSameLocalDirectoryAtTheCommittedVersion() {
        Path local = temporary.resolve("reused");
        StateStoreProvider first = createProvider(local, checkpoint);
        StateStore store = first.open(ID);
        commitVersions(store, 3);
        first.close();
        StateStoreProvider second = createProvider(local, checkpoint);
        providers.add(second);
        StateStore reopened = second.open(ID);
        reopened.load(3);
        assertEquals(expectedAt(3), everything(reopened));
        reopened.load(2);
        assertEquals(expectedAt(2), everything(reopened));
    }

    @Test
    void shouldReplayABatchOnThePreviousVersion() {
        StateStore store = newStore();
        commitVersions(store, 3);
        store.load(2); // the restart rule replays batch 3 on version 2
        assertEquals(expectedAt(2), everything(store));
        store.state().put(bytes("k3"), bytes("v3"));
        store.state().delete(bytes("k1"));
        store.commit(3); // the same writes: the changelog is published again as a no-op
        assertEquals(expectedAt(3), everything(store));
        assertEquals(expectedAt(3), everything(newStoreAt(3)));
    }

    @Test
    void shouldLoadTheEmptyVersionAfterCommits() {
        StateStore store = newStore();
        commitVersions(store, 2);
        store.load(StateStore.EMPTY_VERSION);
        assertEquals(Map.of(), everything(store));
    }

    @Test
    void shouldRefuseToCommitAVersionOtherThanTheNext() {
        StateStore store = newStore();
        commitVersions(store, 1);
        store.load(1);
        StateStoreException error = assertThrows(StateStoreException.class, () -> store.commit(3));
        assertTrue(error.getMessage().contains("aggregate-1"), error.getMessage());
        assertTrue(error.getMessage().contains("partition 3"), error.getMessage());
        assertTrue(error.getMessage().contains("version 3"), error.getMessage());
    }

    @Test
    void shouldRefuseUseBeforeLoad() {
        StateStore store = newStore();
        assertThrows(IllegalStateException.class, store::state);
        assertThrows(IllegalStateException.class, () -> store.commit(0));
    }

    @Test
    void shouldReportMetricsAfterACommit() {
        StateStore store = newStore();
        commitVersions(store, 2);
        StateStoreMetrics metrics = store.metrics();
        assertTrue(metrics.lastCommitNanos() > 0, metrics.toString());
        assertTrue(metrics.lastChangelogBytes() > 0, metrics.toString());
    }

    /** A new instance (new executor, empty local directory) loaded at {@code version}. */
    protected StateStore newStoreAt(long version) {
        StateStore store = newStore();
        store.load(version);
        return store;
    }
}
