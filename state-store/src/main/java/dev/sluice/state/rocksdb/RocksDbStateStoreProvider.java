package dev.sluice.state.rocksdb;

import static java.util.Objects.requireNonNull;

import dev.sluice.checkpoint.PublishOnceStore;
import dev.sluice.state.StateStore;
import dev.sluice.state.StateStoreId;
import dev.sluice.state.StateStoreProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The state stores of one executor, each a RocksDB instance on local disk, with their files published to the
 * query's checkpoint. The provider owns what all its stores share: one block cache and one write-buffer budget
 * (charged to that cache), so memory stays bounded however many (operator, partition) stores an executor runs.
 */
public final class RocksDbStateStoreProvider implements StateStoreProvider {
    static {
        RocksDB.loadLibrary();
    }

    /**
     * @param localDirectory where the stores' RocksDB directories live ({@code <operator>/<partition>/db})
     * @param blockCacheBytes the block cache shared by all stores of the executor
     * @param writeBufferBytes the budget of all stores' write buffers (memtables), charged to the block cache
     * @param snapshotInterval a snapshot is published at every version that is a positive multiple of it
     * @param retainedVersions how many of the latest versions stay restorable; older state files are purged
     *     (at least 2, so that a replay of the last batch can load the version before it)
     */
    public record Settings(
            Path localDirectory, long blockCacheBytes, long writeBufferBytes, int snapshotInterval,
            int retainedVersions) {
        public static final long DEFAULT_BLOCK_CACHE_BYTES = 64L << 20;
        public static final long DEFAULT_WRITE_BUFFER_BYTES = 32L << 20;
        public static final int DEFAULT_SNAPSHOT_INTERVAL = 10;
        public static final int DEFAULT_RETAINED_VERSIONS = 100;

        public Settings {
            requireNonNull(localDirectory, "localDirectory is null");
            if (blockCacheBytes < 1 << 20) {
                throw new IllegalArgumentException("blockCacheBytes must be at least 1 MiB: " + blockCacheBytes);
            }
            if (writeBufferBytes < 1 << 20) {
                throw new IllegalArgumentException("writeBufferBytes must be at least 1 MiB: " + writeBufferBytes);
            }
            if (snapshotInterval < 1) {
                throw new IllegalArgumentException("snapshotInterval must be positive: " + snapshotInterval);
            }
            if (retainedVersions < 2) {
                throw new IllegalArgumentException("retainedVersions must be at least 2: " + retainedVersions);
            }
        }

        /** The defaults: 64 MiB block cache, 32 MiB write buffers, a snapshot every 10 versions, 100 retained. */
        public static Settings defaults(Path localDirectory) {
            return new Settings(localDirectory, DEFAULT_BLOCK_CACHE_BYTES, DEFAULT_WRITE_BUFFER_BYTES,
                    DEFAULT_SNAPSHOT_INTERVAL, DEFAULT_RETAINED_VERSIONS);
        }

        public Settings withSnapshotInterval(int interval) {
            return new Settings(localDirectory, blockCacheBytes, writeBufferBytes, interval, retainedVersions);
        }

        public Settings withRetainedVersions(int retained) {
            return new Settings(localDirectory, blockCacheBytes, writeBufferBytes, snapshotInterval, retained);
        }
    }

    private final PublishOnceStore checkpoint;
    private final Settings settings;
    private final Cache blockCache;
    private final WriteBufferManager writeBufferManager;
    private final Map<StateStoreId, RocksDbStateStore> openStores = new HashMap<>();
    /** Packs and publishes snapshots off the batches' path; one thread, so snapshots never compete for the disk. */
    private final java.util.concurrent.ExecutorService snapshotThread =
            java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "state-snapshots");
                thread.setDaemon(true);
                return thread;
            });
    private boolean closed;

    private RocksDbStateStoreProvider(PublishOnceStore checkpoint, Settings settings) {
        this.checkpoint = requireNonNull(checkpoint, "checkpoint is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.blockCache = new LRUCache(settings.blockCacheBytes());
        this.writeBufferManager = new WriteBufferManager(settings.writeBufferBytes(), blockCache);
    }

    /** A provider whose stores publish their files to {@code checkpoint} (the query's checkpoint root). */
    public static RocksDbStateStoreProvider open(PublishOnceStore checkpoint, Settings settings) {
        return new RocksDbStateStoreProvider(checkpoint, settings);
    }

    @Override
    public synchronized StateStore open(StateStoreId id) {
        requireNonNull(id, "id is null");
        if (closed) {
            throw new IllegalStateException("the state store provider is closed");
        }
        if (openStores.containsKey(id)) {
            throw new IllegalStateException("the state store of " + id + " is already open");
        }
        RocksDbStateStore store = new RocksDbStateStore(id, this);
        openStores.put(id, store);
        return store;
    }

    java.util.concurrent.ExecutorService snapshotThread() {
        return snapshotThread;
    }

    /** Bytes held by the shared block cache (data blocks and the write buffers charged to it). */
    public long sharedCacheBytes() {
        return blockCache.getUsage();
    }

    @Override
    public void close() {
        List<RocksDbStateStore> stores;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stores = new ArrayList<>(openStores.values());
        }
        for (RocksDbStateStore store : stores) {
            store.close(); // each waits for its snapshot in flight
        }
        snapshotThread.shutdown();
        writeBufferManager.close();
        blockCache.close();
    }

    synchronized void closed(RocksDbStateStore store) {
        openStores.remove(store.id(), store);
    }

    PublishOnceStore checkpoint() {
        return checkpoint;
    }

    Settings settings() {
        return settings;
    }

    Cache blockCache() {
        return blockCache;
    }

    WriteBufferManager writeBufferManager() {
        return writeBufferManager;
    }
}
