package dev.sluice.executor.task;

import static java.util.Objects.requireNonNull;

import dev.sluice.checkpoint.PublishOnceStore;
import dev.sluice.checkpoint.PublishOnceStores;
import dev.sluice.state.KeyGroups;
import dev.sluice.state.StateStore;
import dev.sluice.state.StateStoreId;
import dev.sluice.state.rocksdb.RocksDbStateStoreProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The state stores one executor holds for one query: opened on first use and kept open across batches, so that a
 * state partition that stays on this executor loads version N-1 without restoring anything (the store is already
 * there). Its RocksDB files live in a directory of their own, deleted when the query is released: the checkpoint,
 * not the executor's disk, is what survives.
 */
public final class StateStores implements AutoCloseable {
    private final String checkpointLocation;
    private final Path localDirectory;
    private final Map<StateStoreId, StateStore> open = new ConcurrentHashMap<>();
    private RocksDbStateStoreProvider provider;
    private PublishOnceStore checkpoint;
    private boolean closed;

    /**
     * @param checkpointLocation the query's checkpoint (a local path or a Hadoop URI)
     * @param localDirectory a directory for this query's RocksDB instances; created if missing
     */
    public StateStores(String checkpointLocation, Path localDirectory) {
        this.checkpointLocation = requireNonNull(checkpointLocation, "checkpointLocation is null");
        this.localDirectory = requireNonNull(localDirectory, "localDirectory is null");
        if (checkpointLocation.isEmpty()) {
            throw new IllegalArgumentException("a stateful query needs its checkpoint location on the executors");
        }
    }

    /** The store of (operator, partition), open; not yet loaded at any version if it is new. */
    public synchronized StateStore store(String operatorId, int partition) {
        if (closed) {
            throw new IllegalStateException("the state stores of this query are closed");
        }
        StateStoreId id = new StateStoreId(operatorId, partition);
        StateStore store = open.get(id);
        if (store == null) {
            store = provider().open(id);
            open.put(id, store);
        }
        return store;
    }

    /**
     * The store of state partition {@code partition} of {@code partitions} for the operator, ready to load
     * {@code previousVersion}. When batch N-1 ran with another number of partitions (the query was restarted on
     * a cluster of another size), the partition's version N-1 does not exist yet: it is built here from the key
     * groups the partition owns, copied out of the old layout's stores at N-1 (restored from the checkpoint as
     * needed), and committed as the new store's base version. Stores of a layout are named
     * {@code <operator>.of-<partitions>}, so layouts never share a directory.
     */
    public StateStore partition(String operatorId, int partition, int partitions, int previousPartitions,
            int keyGroups, long previousVersion) {
        StateStore store = store(layoutName(operatorId, partitions), partition);
        if (previousVersion < 0 || previousPartitions <= 0 || previousPartitions == partitions
                || store.hasVersion(previousVersion)) {
            return store;
        }
        KeyGroups.Range owned = KeyGroups.rangeOf(partition, keyGroups, partitions);
        store.load(StateStore.EMPTY_VERSION);
        for (int old = 0; old < previousPartitions; old++) {
            KeyGroups.Range held = KeyGroups.rangeOf(old, keyGroups, previousPartitions);
            int first = Math.max(held.first(), owned.first());
            int last = Math.min(held.last(), owned.last());
            if (first > last) {
                continue;
            }
            StateStore oldStore = store(layoutName(operatorId, previousPartitions), old);
            // Other partitions of the new layout may copy from the same old store on this executor at once.
            synchronized (oldStore) {
                oldStore.load(previousVersion);
                KeyGroups.copyKeyGroups(oldStore.state(), store.state(), new KeyGroups.Range(first, last));
                oldStore.abort();
            }
        }
        store.commitBase(previousVersion);
        return store;
    }

    private static String layoutName(String operatorId, int partitions) {
        return operatorId + ".of-" + partitions;
    }

    private RocksDbStateStoreProvider provider() {
        if (provider == null) {
            try {
                Files.createDirectories(localDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the state directory " + localDirectory, e);
            }
            checkpoint = PublishOnceStores.open(checkpointLocation);
            provider = RocksDbStateStoreProvider.open(checkpoint,
                    RocksDbStateStoreProvider.Settings.defaults(localDirectory));
        }
        return provider;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (StateStore store : open.values()) {
            try {
                store.close();
            } catch (RuntimeException e) {
                failure = first(failure, e);
            }
        }
        open.clear();
        if (provider != null) {
            try {
                provider.close();
            } catch (RuntimeException e) {
                failure = first(failure, e);
            }
        }
        if (checkpoint instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                failure = first(failure, new IllegalStateException("cannot close the checkpoint store", e));
            }
        }
        try {
            deleteRecursively(localDirectory);
        } catch (IOException e) {
            failure = first(failure, new UncheckedIOException("cannot delete " + localDirectory, e));
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException first(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
