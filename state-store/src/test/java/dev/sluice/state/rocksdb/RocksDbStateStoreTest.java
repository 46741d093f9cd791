package dev.sluice.state.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.checkpoint.PublishOnceStore;
import dev.sluice.state.KeyGroups;
import dev.sluice.state.KeyValueIterator;
import dev.sluice.state.StateStore;
import dev.sluice.state.StateStoreContractTest;
import dev.sluice.state.StateStoreException;
import dev.sluice.state.StateStoreMetrics;
import dev.sluice.state.StateStoreId;
import dev.sluice.state.StateStoreProvider;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RocksDbStateStoreTest extends StateStoreContractTest {
    private static final int SNAPSHOT_INTERVAL = 3;
    private static final int RETAINED_VERSIONS = 4;

    @Override
    protected StateStoreProvider createProvider(Path localDirectory, PublishOnceStore checkpoint) {
        return RocksDbStateStoreProvider.open(checkpoint, RocksDbStateStoreProvider.Settings.defaults(localDirectory)
                .withSnapshotInterval(SNAPSHOT_INTERVAL)
                .withRetainedVersions(RETAINED_VERSIONS));
    }

    private Path stateDirectory() {
        return temporary.resolve("checkpoint").resolve(ID.checkpointDirectory());
    }

    private List<String> stateFiles() throws IOException {
        try (Stream<Path> files = Files.list(stateDirectory())) {
            return files.map(file -> file.getFileName().toString()).filter(name -> !name.startsWith("."))
                    .sorted(Comparator.comparingLong(RocksDbStateStoreTest::versionOf).thenComparing(name -> name))
                    .toList();
        }
    }

    private static long versionOf(String name) {
        return Long.parseLong(name.substring(0, name.indexOf('.')));
    }

    @Test
    void shouldPublishAChangelogPerVersionAndASnapshotEveryIntervalVersions() throws IOException {
        StateStore store = newStore();
        commitVersions(store, 3);
        ((RocksDbStateStore) store).awaitSnapshot(); // snapshots are published in the background
        assertEquals(List.of("0.changelog", "1.changelog", "2.changelog", "3.changelog", "3.snapshot"),
                stateFiles());
    }

    @Test
    void shouldRestoreFromSnapshotAndChangelogsAfterTheLocalDirectoryIsDeleted() throws IOException {
        Path local = temporary.resolve("executor");
        StateStoreProvider provider = createProvider(local, checkpoint);
        StateStore store = provider.open(ID);
        commitVersions(store, 8);
        provider.close();
        deleteTree(local);
        // the changelogs the snapshot covers are not read: break one to prove it
        Files.write(stateDirectory().resolve("4.changelog"), new byte[] {1, 2, 3});

        StateStoreProvider restarted = createProvider(local, checkpoint);
        try {
            StateStore restored = restarted.open(ID);
            restored.load(8); // snapshot 6, then changelogs 7 and 8
            assertEquals(expectedAt(8), everything(restored));
        } finally {
            restarted.close();
        }
    }

    @Test
    void shouldTakeASnapshotOfExactlyItsVersionWhileTheNextVersionsCommit() throws Exception {
        Path local = temporary.resolve("executor");
        RocksDbStateStoreProvider provider = (RocksDbStateStoreProvider) createProvider(local, checkpoint);
        StateStore store = provider.open(ID);
        commitVersions(store, 5);
        ((RocksDbStateStore) store).awaitSnapshot();
        // Hold the snapshot thread, so that the snapshot of version 6 has not taken its checkpoint yet when 7 is
        // ready to write.
        CountDownLatch release = new CountDownLatch(1);
        provider.snapshotThread().submit(() -> {
            release.await();
            return null;
        });
        store.state().put(bytes("k6"), bytes("v6"));
        store.state().delete(bytes("k4"));
        store.commit(6); // returns at once: the snapshot is taken in the background
        store.load(6); // reuses the open database without waiting for the snapshot
        assertEquals(expectedAt(6), everything(store), "reads go on while the snapshot is pending");
        Thread next = new Thread(() -> {
            store.state().put(bytes("k7"), bytes("v7"));
            store.state().delete(bytes("k5"));
            store.commit(7);
        });
        next.start();
        next.join(300);
        assertTrue(next.isAlive(), "version 7 must not write before the snapshot of 6 has its checkpoint");
        release.countDown();
        next.join(10_000);
        assertFalse(next.isAlive());
        assertEquals(7, store.version());
        provider.close();
        deleteTree(local);
        Files.delete(stateDirectory().resolve("7.changelog"));

        StateStoreProvider restarted = createProvider(local, checkpoint);
        try {
            StateStore restored = restarted.open(ID);
            restored.load(6); // snapshot 6 alone
            assertEquals(expectedAt(6), everything(restored));
        } finally {
            restarted.close();
        }
    }

    @Test
    void shouldReadAndCommitWritesMadeInKeyOrderAndOutOfOrderAlike() throws IOException {
        StateStore store = newStore();
        store.load(StateStore.EMPTY_VERSION);
        store.state().put(bytes("b"), bytes("1"));
        store.commit(0);
        store.load(0);
        // in key order (how an operator writes its groups back), then reads, then out of order
        store.state().put(bytes("c"), bytes("2"));
        store.state().put(bytes("d"), bytes("3"));
        store.state().delete(bytes("e"));
        assertEquals("3", text(store.state().get(bytes("d"))));
        assertEquals(List.of("3", "1"), store.state().getAll(List.of(bytes("d"), bytes("b"))).stream()
                .map(RocksDbStateStoreTest::text).toList());
        store.state().put(bytes("f"), bytes("4"));
        store.state().put(bytes("a"), bytes("5"));
        store.state().delete(bytes("b"));
        store.state().put(bytes("g"), bytes("6"));
        store.state().put(bytes("g"), bytes("7")); // the same key again: the last write wins
        java.util.Map<String, String> expected = java.util.Map.of("a", "5", "c", "2", "d", "3", "f", "4", "g", "7");
        assertEquals(new java.util.TreeMap<>(expected), new java.util.TreeMap<>(everything(store)));
        store.commit(1);
        byte[] changelog = Files.readAllBytes(stateDirectory().resolve("1.changelog"));

        // the same writes in key order make the same changelog, byte for byte
        StateStore other = newStore(new StateStoreId("aggregate-2", 3));
        other.load(StateStore.EMPTY_VERSION);
        other.state().put(bytes("b"), bytes("1"));
        other.commit(0);
        other.load(0);
        for (String key : List.of("a", "b", "c", "d", "e", "f", "g")) {
            if (expected.containsKey(key)) {
                other.state().put(bytes(key), bytes(expected.get(key)));
            } else {
                other.state().delete(bytes(key));
            }
        }
        other.commit(1);
        assertTrue(Arrays.equals(changelog, Files.readAllBytes(temporary.resolve("checkpoint")
                .resolve(new StateStoreId("aggregate-2", 3).checkpointDirectory()).resolve("1.changelog"))));
        assertEquals(new java.util.TreeMap<>(expected), new java.util.TreeMap<>(everything(newStoreAt(1))));
    }

    @Test
    void shouldNameACorruptChangelogInTheError() throws IOException {
        StateStore store = newStore();
        commitVersions(store, 2);
        Path changelog = stateDirectory().resolve("1.changelog");
        byte[] bytes = Files.readAllBytes(changelog);
        bytes[bytes.length / 2] ^= 0x40;
        Files.delete(changelog);
        Files.write(changelog, bytes);

        StateStore fresh = newStore();
        StateStoreException error = assertThrows(StateStoreException.class, () -> fresh.load(2));
        assertTrue(error.getMessage().contains(changelog.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("checksum mismatch"), error.getMessage());
        assertTrue(error.getMessage().contains("aggregate-1") && error.getMessage().contains("partition 3"),
                error.getMessage());
        assertEquals(2, error.version());
        assertEquals(StateStoreException.NO_VERSION, fresh.version(), "a failed load leaves no version loaded");
    }

    @Test
    void shouldNameATornChangelogInTheError() throws IOException {
        StateStore store = newStore();
        commitVersions(store, 1);
        Path changelog = stateDirectory().resolve("1.changelog");
        byte[] bytes = Files.readAllBytes(changelog);
        Files.delete(changelog);
        Files.write(changelog, Arrays.copyOf(bytes, bytes.length - 3));
        StateStoreException error = assertThrows(StateStoreException.class, () -> newStore().load(1));
        assertTrue(error.getMessage().contains(changelog.toString()), error.getMessage());
    }

    @Test
    void shouldNameAMissingChangelogInTheError() throws IOException {
        StateStore store = newStore();
        commitVersions(store, 2);
        Path changelog = stateDirectory().resolve("0.changelog");
        Files.delete(changelog);
        StateStoreException error = assertThrows(StateStoreException.class, () -> newStore().load(2));
        assertTrue(error.getMessage().contains(changelog.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("missing"), error.getMessage());
    }

    @Test
    void shouldNameACorruptSnapshotInTheError() throws IOException {
        StateStore store = newStore();
        commitVersions(store, 4);
        ((RocksDbStateStore) store).awaitSnapshot(); // snapshots are published in the background
        Path snapshot = stateDirectory().resolve("3.snapshot");
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[40] ^= 0x01;
        Files.delete(snapshot);
        Files.write(snapshot, bytes);
        StateStoreException error = assertThrows(StateStoreException.class, () -> newStore().load(4));
        assertTrue(error.getMessage().contains(snapshot.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("snapshot"), error.getMessage());
    }

    @Test
    void shouldPurgeStateFilesOlderThanTheRetainedVersions() throws IOException {
        StateStore store = newStore();
        commitVersions(store, 12);
        ((RocksDbStateStore) store).awaitSnapshot(); // snapshots are published in the background
        // retained: versions 9..12; snapshot 9 covers them, so everything before it goes
        assertEquals(List.of("9.snapshot", "10.changelog", "11.changelog", "12.changelog", "12.snapshot"),
                stateFiles());
        for (int version = 12 - RETAINED_VERSIONS + 1; version <= 12; version++) {
            assertEquals(expectedAt(version), everything(newStoreAt(version)), "version " + version);
        }
        assertThrows(StateStoreException.class, () -> newStore().load(8));
    }

    @Test
    void shouldKeepKeyGroupsApartByPrefix() {
        StateStore store = newStore();
        store.load(StateStore.EMPTY_VERSION);
        for (int keyGroup : new int[] {5, 6, 300}) {
            for (int key = 0; key < 10; key++) {
                store.state().put(KeyGroups.prefixedKey(keyGroup, bytes("key" + key)), bytes("g" + keyGroup));
            }
        }
        store.commit(0);
        int count = 0;
        try (KeyValueIterator iterator = newStoreAt(0).state().prefixScan(KeyGroups.prefix(6))) {
            while (iterator.hasNext()) {
                assertEquals(6, KeyGroups.keyGroupOfStoredKey(iterator.next().key()));
                count++;
            }
        }
        assertEquals(10, count);
    }

    @Test
    void shouldRefuseAReplayThatWritesSomethingElse() {
        StateStore store = newStore();
        commitVersions(store, 1);
        store.load(0);
        store.state().put(bytes("different"), bytes("writes"));
        StateStoreException error = assertThrows(StateStoreException.class, () -> store.commit(1));
        assertTrue(error.getMessage().contains("1.changelog"), error.getMessage());
    }

    @Test
    void shouldCommitManyKeysAndReportMetrics() {
        StateStore store = newStore();
        store.load(StateStore.EMPTY_VERSION);
        int keys = 100_000;
        ByteBuffer key = ByteBuffer.allocate(8);
        for (int index = 0; index < keys; index++) {
            key.clear();
            key.putInt(KeyGroups.keyGroupOf(index, KeyGroups.DEFAULT_KEY_GROUPS) << 16).putInt(index);
            store.state().put(key.array(), bytes("value-" + index));
        }
        store.commit(0);
        StateStoreMetrics metrics = store.metrics();
        System.out.printf("committed %d keys in %.1f ms (changelog %d bytes, %d bytes on disk)%n", keys,
                metrics.lastCommitNanos() / 1e6, metrics.lastChangelogBytes(), metrics.bytesOnDisk());
        assertTrue(metrics.lastCommitNanos() > 0);
        assertTrue(metrics.estimatedKeys() > keys / 2, metrics.toString());
        assertTrue(metrics.bytesOnDisk() > 0, metrics.toString());
        assertTrue(metrics.lastChangelogBytes() > keys * 16L, metrics.toString());
        StateStore restored = newStoreAt(0);
        assertEquals("value-99999", text(restored.state().get(key.array())));
    }

    @Test
    void shouldShareOneProviderAcrossStoresAndRefuseASecondOpenOfOneStore() {
        StateStoreProvider provider = createProvider(temporary.resolve("shared"), checkpoint);
        try {
            StateStore first = provider.open(ID);
            StateStore second = provider.open(new StateStoreId("join-2", 0));
            first.load(StateStore.EMPTY_VERSION);
            second.load(StateStore.EMPTY_VERSION);
            first.state().put(bytes("a"), bytes("1"));
            second.state().put(bytes("a"), bytes("2"));
            first.commit(0);
            second.commit(0);
            assertEquals("1", text(first.state().get(bytes("a"))));
            assertEquals("2", text(second.state().get(bytes("a"))));
            assertThrows(IllegalStateException.class, () -> provider.open(ID));
            first.close();
            assertFalse(Files.exists(temporary.resolve("shared/aggregate-1/3/snapshot-0")));
            provider.open(ID).close();
        } finally {
            provider.close();
        }
    }

    @Test
    void shouldReuseTheOpenInstanceWhenItIsAtTheRequestedVersion() throws IOException {
        StateStore store = newStore();
        commitVersions(store, 2);
        // without the checkpoint's files only the open instance can serve version 2
        deleteTree(stateDirectory());
        store.load(2);
        assertEquals(expectedAt(2), everything(store));
    }

    @Test
    void shouldCatchUpAStaleLocalDatabaseWithTheChangelogsAfterIt() throws IOException {
        Path local = temporary.resolve("stale");
        StateStoreProvider first = createProvider(local, checkpoint);
        commitVersions(first.open(ID), 1);
        first.close();
        StateStore other = newStoreAt(1); // another executor runs batch 2
        other.state().put(bytes("k2"), bytes("v2"));
        other.state().delete(bytes("k0"));
        other.commit(2);
        // the local database at version 1 needs only changelog 2: break the older ones to prove they are not read
        Files.write(stateDirectory().resolve("0.changelog"), new byte[0]);
        Files.write(stateDirectory().resolve("1.changelog"), new byte[0]);

        StateStoreProvider second = createProvider(local, checkpoint);
        try {
            StateStore reopened = second.open(ID);
            reopened.load(2);
            assertEquals(expectedAt(2), everything(reopened));
        } finally {
            second.close();
        }
    }

    @Test
    void shouldExposeNoRocksDbTypeOutsideItsPackage() {
        for (Class<?> type : List.of(RocksDbStateStoreProvider.class, RocksDbStateStoreProvider.Settings.class)) {
            for (Method method : type.getMethods()) {
                assertFalse(method.getReturnType().getName().startsWith("org.rocksdb"), method.toString());
                for (Class<?> parameter : method.getParameterTypes()) {
                    assertFalse(parameter.getName().startsWith("org.rocksdb"), method.toString());
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
