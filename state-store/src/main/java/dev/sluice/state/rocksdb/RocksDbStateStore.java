package dev.sluice.state.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.sluice.checkpoint.CheckpointException;
import dev.sluice.checkpoint.PublishOnceStore;
import dev.sluice.state.KeyValue;
import dev.sluice.state.KeyValueIterator;
import dev.sluice.state.KeyValueState;
import dev.sluice.state.StateStore;
import dev.sluice.state.StateStoreException;
import dev.sluice.state.StateStoreId;
import dev.sluice.state.StateStoreMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.SortedMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The state of one (operator, partition) in a local RocksDB instance.
 *
 * <p>A batch's writes stay in a sorted Java map (the last write per key, a delete as null) that reads and scans
 * overlay on the database, so the batch reads its own writes, nothing reaches the database before commit, and a
 * put costs no call into RocksDB; the map is also the changelog. Commit first publishes the batch's changelog to the checkpoint (durable before commit
 * returns), then writes the batch together with the version marker in one atomic RocksDB write: the local database
 * is always exactly at some committed version, never at a version's data with another version's marker.
 *
 * <p>The marker lives in its own column family, so no user key can collide with it and scans never see it.
 */
final class RocksDbStateStore implements StateStore, KeyValueState {
    private static final byte[] META_COLUMN_FAMILY = "sluice-meta".getBytes(UTF_8);
    private static final byte[] VERSION_KEY = {'v', 'e', 'r', 's', 'i', 'o', 'n'};

    private final StateStoreId id;
    private final RocksDbStateStoreProvider provider;
    private final PublishOnceStore checkpoint;
    private final RocksDbStateStoreProvider.Settings settings;
    private final String checkpointDirectory;
    private final Path storeDirectory;
    private final Path databaseDirectory;
    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    /** The batch's changes, last write per key, sorted for a deterministic changelog; a null value is a delete. */
    private final TreeMap<byte[], byte[]> changes = new TreeMap<>(UNSIGNED);
    /**
     * Writes not yet in {@link #changes}: each key above every key before it and above every key in the map, as
     * an operator writes its groups back in key order. They cost an append each, and go into the map in one
     * linear build (the map is usually empty then) when anything reads the map; see {@link #mergeRun()}.
     */
    private final List<byte[]> runKeys = new ArrayList<>();
    private final List<byte[]> runValues = new ArrayList<>();
    private final Set<StoreIterator> openIterators = new HashSet<>();
    private final ReadOptions readOptions = new ReadOptions();
    /**
     * No write-ahead log: the checkpoint's changelogs are what makes a version durable, and the local database is a
     * cache of them. A process that dies loses the memtable together with the version marker written with it, so
     * the database is still exactly at an older version, and load restores the rest from the checkpoint.
     */
    private final WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);

    private DBOptions databaseOptions;
    private ColumnFamilyOptions columnFamilyOptions;
    private RocksDB database;
    private ColumnFamilyHandle dataFamily;
    private ColumnFamilyHandle metaFamily;
    private long version = StateStoreException.NO_VERSION;
    private long lastCommitNanos;
    private long lastChangelogBytes;
    /** The snapshot being taken, packed and published on the provider's snapshot thread, or null. */
    private volatile java.util.concurrent.Future<?> pendingSnapshot;
    /**
     * Completes once the pending snapshot's RocksDB checkpoint exists: until then the database must stay exactly at
     * the snapshot's version, so the next commit's write waits for it (reads need not).
     */
    private volatile CompletableFuture<Void> snapshotCheckpointTaken = CompletableFuture.completedFuture(null);
    private boolean closed;

    RocksDbStateStore(StateStoreId id, RocksDbStateStoreProvider provider) {
        this.id = requireNonNull(id, "id is null");
        this.provider = requireNonNull(provider, "provider is null");
        this.checkpoint = provider.checkpoint();
        this.settings = provider.settings();
        this.checkpointDirectory = id.checkpointDirectory();
        this.storeDirectory = settings.localDirectory().resolve(id.operator())
                .resolve(Integer.toString(id.partition()));
        this.databaseDirectory = storeDirectory.resolve("db");
    }

    @Override
    public StateStoreId id() {
        return id;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public KeyValueState state() {
        checkLoaded();
        return this;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void load(long target) {
        checkOpen();
        if (target < EMPTY_VERSION) {
            throw new IllegalArgumentException("version must be at least " + EMPTY_VERSION + ": " + target);
        }
        discardBatch();
        if (database != null && version == target) {
            // The open instance is at the version asked for (the batch before committed it here): reuse it. A
            // snapshot still being taken in the background reads it too, which is safe; it is awaited before the
            // next write or anything that reopens the database.
            return;
        }
        awaitSnapshot();
        version = StateStoreException.NO_VERSION;
        long local = openLocalDatabase(target);
        if (local == target) {
            version = target;
            return;
        }
        if (target == EMPTY_VERSION) {
            recreateEmptyDatabase(target);
            version = target;
            return;
        }
        Set<Long> snapshots = new TreeSet<>();
        for (String name : listCheckpointFiles(target)) {
            parseVersion(name, SnapshotFile.SUFFIX).ifPresent(snapshots::add);
        }
        long snapshot = EMPTY_VERSION;
        for (long candidate : snapshots) {
            if (candidate <= target) {
                snapshot = candidate;
            }
        }
        long base;
        if (local < target && local >= snapshot) {
            base = local; // the local database is closer than any snapshot: only replay the changelogs after it
        } else if (snapshot != EMPTY_VERSION) {
            restoreSnapshot(snapshot, target);
            base = snapshot;
        } else {
            recreateEmptyDatabase(target);
            base = EMPTY_VERSION;
        }
        for (long next = base + 1; next <= target; next++) {
            applyChangelog(next, target);
        }
        version = target;
    }

    @Override
    public void commit(long newVersion) {
        checkLoaded();
        if (newVersion != version + 1) {
            throw new StateStoreException(id, newVersion, null, "cannot commit version " + newVersion
                    + ": the store is at version " + version + ", so the next version is " + (version + 1));
        }
        long start = System.nanoTime();
        closeIterators();
        mergeRun();
        SortedChanges split = SortedChanges.of(changes);
        byte[][] keys = split.keys();
        byte[][] values = split.values();
        String changelogPath = changelogPath(newVersion);
        byte[] changelog = ChangelogFile.encode(newVersion, keys, values);
        publish(changelogPath, changelog, newVersion);
        // The snapshot of an earlier version may still be taking its checkpoint of the database, which must not
        // see this version's writes.
        awaitSnapshotCheckpoint(newVersion);
        // The batch's writes in RocksDB's own write-batch encoding, handed over in one call rather than one call
        // per key; the version marker is added to the same batch, so both land in one atomic write.
        try (WriteBatch batch = new WriteBatch(WriteBatchEncoding.encode(keys, values))) {
            batch.put(metaFamily, VERSION_KEY, versionBytes(newVersion));
            database.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new StateStoreException(id, newVersion, databaseDirectory.toString(),
                    "cannot write the committed batch to the local database: " + e.getMessage(), e);
        } finally {
            changes.clear();
        }
        version = newVersion;
        if (newVersion > 0 && newVersion % settings.snapshotInterval() == 0) {
            snapshotInBackground(newVersion);
        }
        lastChangelogBytes = changelog.length;
        lastCommitNanos = System.nanoTime() - start;
    }

    @Override
    public void commitBase(long baseVersion) {
        checkLoaded();
        if (version != EMPTY_VERSION || baseVersion < 0) {
            throw new StateStoreException(id, baseVersion, null, "a base version is committed on an empty store"
                    + " (loaded at " + EMPTY_VERSION + "), not at version " + version);
        }
        long start = System.nanoTime();
        closeIterators();
        mergeRun();
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<byte[], byte[]> change : changes.entrySet()) {
                if (change.getValue() != null) {
                    batch.put(dataFamily, change.getKey(), change.getValue());
                }
            }
            batch.put(metaFamily, VERSION_KEY, versionBytes(baseVersion));
            database.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new StateStoreException(id, baseVersion, databaseDirectory.toString(),
                    "cannot write the base version to the local database: " + e.getMessage(), e);
        } finally {
            changes.clear();
        }
        version = baseVersion;
        // The base has no changelog before it: its snapshot must be in the checkpoint before anything builds on it.
        snapshotInBackground(baseVersion);
        awaitSnapshot();
        lastChangelogBytes = 0;
        lastCommitNanos = System.nanoTime() - start;
    }

    @Override
    public boolean hasVersion(long candidate) {
        checkOpen();
        List<String> files = listCheckpointFiles(candidate);
        return files.contains(candidate + ChangelogFile.SUFFIX) || files.contains(candidate + SnapshotFile.SUFFIX);
    }

    @Override
    public void abort() {
        checkOpen();
        discardBatch();
    }

    @Override
    public StateStoreMetrics metrics() {
        checkOpen();
        long keys = 0;
        long memory = 0;
        if (database != null) {
            try {
                keys = database.getLongProperty(dataFamily, "rocksdb.estimate-num-keys");
                memory = database.getLongProperty(dataFamily, "rocksdb.cur-size-all-mem-tables")
                        + database.getLongProperty(dataFamily, "rocksdb.estimate-table-readers-mem");
            } catch (RocksDBException e) {
                throw new StateStoreException(id, version, databaseDirectory.toString(),
                        "cannot read the database's properties: " + e.getMessage(), e);
            }
        }
        return new StateStoreMetrics(keys, directorySize(databaseDirectory), memory, lastCommitNanos,
                lastChangelogBytes);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        discardBatch();
        try {
            awaitSnapshot();
        } catch (StateStoreException e) {
            // closing anyway: the versions are durable through their changelogs
        }
        closeDatabase();
        readOptions.close();
        writeOptions.close();
        provider.closed(this);
    }

    // ---------------------------------------------------------------- key-value view

    @Override
    public byte[] get(byte[] key) {
        checkLoaded();
        requireNonNull(key, "key is null");
        mergeRun();
        byte[] staged = changes.get(key);
        if (staged != null) {
            return staged.clone();
        }
        if (changes.containsKey(key)) {
            return null; // deleted in this batch
        }
        try {
            return database.get(dataFamily, readOptions, key);
        } catch (RocksDBException e) {
            throw new StateStoreException(id, version, databaseDirectory.toString(),
                    "cannot read a key: " + e.getMessage(), e);
        }
    }

    /** One {@code multiGet} on the database, with the batch's own writes laid over it. */
    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        checkLoaded();
        requireNonNull(keys, "keys is null");
        if (keys.isEmpty()) {
            return new ArrayList<>();
        }
        mergeRun();
        List<byte[]> values;
        try {
            values = new ArrayList<>(database.multiGetAsList(readOptions,
                    java.util.Collections.nCopies(keys.size(), dataFamily), keys));
        } catch (RocksDBException e) {
            throw new StateStoreException(id, version, databaseDirectory.toString(),
                    "cannot read " + keys.size() + " keys: " + e.getMessage(), e);
        }
        if (!changes.isEmpty()) {
            for (int index = 0; index < keys.size(); index++) {
                byte[] key = keys.get(index);
                if (changes.containsKey(key)) {
                    byte[] staged = changes.get(key);
                    values.set(index, staged == null ? null : staged.clone());
                }
            }
        }
        return values;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        checkLoaded();
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        // Copies, because the caller may reuse its arrays and the changelog is written at commit.
        stage(key.clone(), value.clone());
    }

    @Override
    public void delete(byte[] key) {
        checkLoaded();
        requireNonNull(key, "key is null");
        stage(key.clone(), null);
    }

    /** Adds one write to the batch: to the ordered run while it stays in order, else to the map. */
    private void stage(byte[] key, byte[] value) {
        int last = runKeys.size() - 1;
        boolean inOrder = last >= 0 ? UNSIGNED.compare(key, runKeys.get(last)) > 0
                : changes.isEmpty() || UNSIGNED.compare(key, changes.lastKey()) > 0;
        if (inOrder) {
            runKeys.add(key);
            runValues.add(value);
        } else {
            mergeRun();
            changes.put(key, value);
        }
    }

    /**
     * Moves the ordered run into {@link #changes}. Into an empty map that is a linear build: {@code TreeMap}
     * builds itself from a sorted map of its own comparator without comparing keys.
     */
    private void mergeRun() {
        if (runKeys.isEmpty()) {
            return;
        }
        if (changes.isEmpty()) {
            changes.putAll(new SortedRun(runKeys, runValues));
        } else {
            for (int index = 0; index < runKeys.size(); index++) {
                changes.put(runKeys.get(index), runValues.get(index));
            }
        }
        runKeys.clear();
        runValues.clear();
    }

    /**
     * Ascending keys and their values as a read-only sorted map, only as far as {@code TreeMap.putAll} uses one
     * (its comparator, size and entries in order).
     */
    private static final class SortedRun extends AbstractMap<byte[], byte[]> implements SortedMap<byte[], byte[]> {
        private final List<byte[]> keys;
        private final List<byte[]> values;

        SortedRun(List<byte[]> keys, List<byte[]> values) {
            this.keys = keys;
            this.values = values;
        }

        @Override
        public Comparator<? super byte[]> comparator() {
            return UNSIGNED;
        }

        @Override
        public int size() {
            return keys.size();
        }

        @Override
        public Set<Map.Entry<byte[], byte[]>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<byte[], byte[]>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keys.size();
                        }

                        @Override
                        public Map.Entry<byte[], byte[]> next() {
                            if (next >= keys.size()) {
                                throw new NoSuchElementException();
                            }
                            int index = next++;
                            return new AbstractMap.SimpleImmutableEntry<>(keys.get(index), values.get(index));
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.size();
                }
            };
        }

        @Override
        public byte[] firstKey() {
            return keys.get(0);
        }

        @Override
        public byte[] lastKey() {
            return keys.get(keys.size() - 1);
        }

        @Override
        public SortedMap<byte[], byte[]> subMap(byte[] fromKey, byte[] toKey) {
            throw new UnsupportedOperationException("a run of writes is only read whole");
        }

        @Override
        public SortedMap<byte[], byte[]> headMap(byte[] toKey) {
            throw new UnsupportedOperationException("a run of writes is only read whole");
        }

        @Override
        public SortedMap<byte[], byte[]> tailMap(byte[] fromKey) {
            throw new UnsupportedOperationException("a run of writes is only read whole");
        }
    }

    @Override
    public KeyValueIterator prefixScan(byte[] prefix) {
        checkLoaded();
        requireNonNull(prefix, "prefix is null");
        byte[] start = prefix.clone();
        return openIterator(start, key -> key.length >= start.length
                && Arrays.equals(key, 0, start.length, start, 0, start.length));
    }

    @Override
    public KeyValueIterator rangeScan(byte[] fromInclusive, byte[] toExclusive) {
        checkLoaded();
        requireNonNull(fromInclusive, "fromInclusive is null");
        requireNonNull(toExclusive, "toExclusive is null");
        byte[] end = toExclusive.clone();
        return openIterator(fromInclusive.clone(), key -> Arrays.compareUnsigned(key, end) < 0);
    }

    private KeyValueIterator openIterator(byte[] start, Predicate<byte[]> inRange) {
        mergeRun();
        RocksIterator iterator = database.newIterator(dataFamily, readOptions);
        iterator.seek(start);
        StoreIterator storeIterator = new StoreIterator(iterator,
                changes.tailMap(start, true).entrySet().iterator(), inRange);
        openIterators.add(storeIterator);
        return storeIterator;
    }

    /**
     * The database's entries merged with the batch's writes, in key order: a key the batch wrote shows its new
     * value (or nothing, if deleted) instead of the database's.
     */
    private final class StoreIterator implements KeyValueIterator {
        private final RocksIterator iterator;
        private final java.util.Iterator<Map.Entry<byte[], byte[]>> staged;
        private final Predicate<byte[]> inRange;
        private Map.Entry<byte[], byte[]> stagedEntry;
        private byte[] databaseKey;
        private KeyValue nextEntry;
        private boolean done;
        private boolean closed;

        StoreIterator(RocksIterator iterator, java.util.Iterator<Map.Entry<byte[], byte[]>> staged,
                Predicate<byte[]> inRange) {
            this.iterator = iterator;
            this.staged = staged;
            this.inRange = inRange;
            this.stagedEntry = staged.hasNext() ? staged.next() : null;
        }

        @Override
        public boolean hasNext() {
            if (closed) {
                throw new IllegalStateException("the scan of " + id + " is closed");
            }
            while (nextEntry == null && !done) {
                if (databaseKey == null && iterator.isValid()) {
                    databaseKey = iterator.key();
                }
                if (databaseKey == null) {
                    checkStatus();
                }
                byte[] stagedKey = stagedEntry == null ? null : stagedEntry.getKey();
                if (databaseKey == null && stagedKey == null) {
                    done = true;
                    break;
                }
                int order = databaseKey == null ? 1 : stagedKey == null ? -1
                        : Arrays.compareUnsigned(databaseKey, stagedKey);
                byte[] key;
                byte[] value;
                if (order < 0) {
                    key = databaseKey;
                    value = iterator.value();
                    databaseKey = null;
                    iterator.next();
                } else {
                    key = stagedKey;
                    value = stagedEntry.getValue();
                    stagedEntry = staged.hasNext() ? staged.next() : null;
                    if (order == 0) { // the batch's write replaces the database's entry
                        databaseKey = null;
                        iterator.next();
                    }
                }
                if (!inRange.test(key)) {
                    done = true;
                    break;
                }
                if (value != null) {
                    nextEntry = new KeyValue(key.clone(), value.clone());
                }
            }
            return nextEntry != null;
        }

        @Override
        public KeyValue next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the scan of " + id + " has no more entries");
            }
            KeyValue entry = nextEntry;
            nextEntry = null;
            return entry;
        }

        private void checkStatus() {
            try {
                iterator.status();
            } catch (RocksDBException e) {
                throw new StateStoreException(id, version, databaseDirectory.toString(),
                        "a scan failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                iterator.close();
                openIterators.remove(this);
            }
        }
    }

    // ---------------------------------------------------------------- restore

    /** Opens the local database if it is not open, and returns the version its marker holds. */
    private long openLocalDatabase(long target) {
        if (database == null) {
            try {
                openDatabase();
            } catch (StateStoreException unreadable) {
                // The local directory is only a cache of the checkpoint: start it over rather than fail.
                recreateEmptyDatabase(target);
            }
        }
        return readMarker(target);
    }

    private void openDatabase() {
        try {
            Files.createDirectories(storeDirectory);
        } catch (IOException e) {
            throw new StateStoreException(id, StateStoreException.NO_VERSION, storeDirectory.toString(),
                    "cannot create the local state directory: " + e.getMessage(), e);
        }
        databaseOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setWriteBufferManager(provider.writeBufferManager())
                .setKeepLogFileNum(2);
        columnFamilyOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(provider.blockCache()));
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnFamilyOptions),
                new ColumnFamilyDescriptor(META_COLUMN_FAMILY, columnFamilyOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            database = RocksDB.open(databaseOptions, databaseDirectory.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            closeDatabase();
            throw new StateStoreException(id, StateStoreException.NO_VERSION, databaseDirectory.toString(),
                    "cannot open the local database: " + e.getMessage(), e);
        }
        dataFamily = handles.get(0);
        metaFamily = handles.get(1);
    }

    private long readMarker(long target) {
        try {
            byte[] marker = database.get(metaFamily, VERSION_KEY);
            return marker == null ? EMPTY_VERSION : ByteBuffer.wrap(marker).getLong();
        } catch (RocksDBException e) {
            throw new StateStoreException(id, target, databaseDirectory.toString(),
                    "cannot read the local version marker: " + e.getMessage(), e);
        }
    }

    private void recreateEmptyDatabase(long target) {
        closeDatabase();
        deleteRecursively(databaseDirectory, target);
        openDatabase();
    }

    private void restoreSnapshot(long snapshot, long target) {
        String path = checkpointDirectory + "/" + snapshot + SnapshotFile.SUFFIX;
        byte[] bytes = readRequired(path, snapshot, target, "snapshot");
        closeDatabase();
        deleteRecursively(databaseDirectory, target);
        try {
            SnapshotFile.decode(id, snapshot, target, checkpoint.describe(path), bytes, databaseDirectory);
        } catch (IOException e) {
            throw new StateStoreException(id, target, databaseDirectory.toString(),
                    "cannot unpack snapshot " + checkpoint.describe(path) + ": " + e.getMessage(), e);
        }
        openDatabase();
        long marker = readMarker(target);
        if (marker != snapshot) {
            throw new StateStoreException(id, target, checkpoint.describe(path),
                    "the snapshot's database is at version " + marker + ", not " + snapshot);
        }
    }

    private void applyChangelog(long changelogVersion, long target) {
        String path = changelogPath(changelogVersion);
        byte[] bytes = readRequired(path, changelogVersion, target, "changelog");
        // The whole changelog and its version marker go into the database in one atomic write.
        try (WriteBatch replay = new WriteBatch()) {
            ChangelogFile.decode(id, changelogVersion, target, checkpoint.describe(path), bytes,
                    new ReplayVisitor(replay, dataFamily));
            replay.put(metaFamily, VERSION_KEY, versionBytes(changelogVersion));
            database.write(writeOptions, replay);
        } catch (RocksDBException | UncheckedIOException e) {
            throw new StateStoreException(id, target, checkpoint.describe(path),
                    "cannot apply the changelog to the local database: " + e.getMessage(), e);
        }
    }

    /** Stages a changelog's entries in a write batch. */
    private record ReplayVisitor(WriteBatch replay, ColumnFamilyHandle family) implements ChangelogFile.Visitor {
        @Override
        public void put(byte[] key, byte[] value) {
            try {
                replay.put(family, key, value);
            } catch (RocksDBException e) {
                throw new UncheckedIOException(new IOException(e.getMessage(), e));
            }
        }

        @Override
        public void delete(byte[] key) {
            try {
                replay.delete(family, key);
            } catch (RocksDBException e) {
                throw new UncheckedIOException(new IOException(e.getMessage(), e));
            }
        }
    }

    private byte[] readRequired(String path, long fileVersion, long target, String kind) {
        Optional<byte[]> bytes;
        try {
            bytes = checkpoint.read(path);
        } catch (IOException e) {
            throw new StateStoreException(id, target, checkpoint.describe(path),
                    "cannot read the " + kind + ": " + e.getMessage(), e);
        }
        return bytes.orElseThrow(() -> new StateStoreException(id, target, checkpoint.describe(path),
                "the " + kind + " of version " + fileVersion + " is missing, and restoring version " + target
                        + " needs it (was it deleted, or is the retention too small?)"));
    }

    // ---------------------------------------------------------------- publishing and retention

    private void publish(String path, byte[] content, long fileVersion) {
        try {
            checkpoint.publish(path, content);
        } catch (IOException | CheckpointException e) {
            throw new StateStoreException(id, fileVersion, checkpoint.describe(path),
                    "cannot publish the state file: " + e.getMessage(), e);
        }
    }

    /**
     * Takes the snapshot of {@code snapshotVersion} on the provider's snapshot thread, off the batch's path:
     * RocksDB's checkpoint of the database (it flushes the memtable, then hard-links the SST files, so the
     * checkpoint stays exactly this version while later batches write), then packing it into one file,
     * publishing it and purging what it makes unnecessary. The database stays at this version until the
     * checkpoint exists: the next commit's write waits for {@link #snapshotCheckpointTaken}, and anything that
     * closes or replaces the database waits for the whole snapshot. Until the snapshot is published, restores use
     * the previous snapshot and more changelogs, which purge keeps for that reason. A failure surfaces at the next
     * commit, load that restores, or close.
     */
    private void snapshotInBackground(long snapshotVersion) {
        awaitSnapshot();
        CompletableFuture<Void> checkpointTaken = new CompletableFuture<>();
        snapshotCheckpointTaken = checkpointTaken;
        try {
            pendingSnapshot = provider.snapshotThread().submit(() -> {
                Path temporary = storeDirectory.resolve("snapshot-" + snapshotVersion);
                try {
                    List<String> files = listCheckpointFiles(snapshotVersion);
                    String snapshotName = snapshotVersion + SnapshotFile.SUFFIX;
                    if (files.contains(snapshotName)) {
                        checkpointTaken.complete(null);
                        purge(snapshotVersion, files, snapshotVersion); // a replay: the snapshot is there already
                        return null;
                    }
                    deleteRecursively(temporary, snapshotVersion);
                    try (Checkpoint rocksCheckpoint = Checkpoint.create(database)) {
                        rocksCheckpoint.createCheckpoint(temporary.toString());
                    } catch (RocksDBException e) {
                        throw new StateStoreException(id, snapshotVersion, temporary.toString(),
                                "cannot make a snapshot: " + e.getMessage(), e);
                    }
                    checkpointTaken.complete(null);
                    String path = checkpointDirectory + "/" + snapshotName;
                    publish(path, SnapshotFile.encode(snapshotVersion, temporary), snapshotVersion);
                    purge(snapshotVersion, files, snapshotVersion);
                } catch (IOException e) {
                    throw new StateStoreException(id, snapshotVersion, temporary.toString(),
                            "cannot make a snapshot: " + e.getMessage(), e);
                } finally {
                    // releases a waiting commit on failure too; the failure itself surfaces from the future
                    checkpointTaken.complete(null);
                    deleteRecursively(temporary, snapshotVersion);
                }
                return null;
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            checkpointTaken.complete(null);
            throw new StateStoreException(id, snapshotVersion, storeDirectory.toString(),
                    "cannot make a snapshot: the snapshot thread is stopped", e);
        }
    }

    /**
     * Waits until the pending snapshot's RocksDB checkpoint exists, before {@code newVersion}'s write; rethrows the
     * failure of a snapshot that already failed.
     */
    private void awaitSnapshotCheckpoint(long newVersion) {
        CompletableFuture<Void> taken = snapshotCheckpointTaken;
        if (!taken.isDone()) {
            try {
                taken.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StateStoreException(id, newVersion, databaseDirectory.toString(),
                        "interrupted while waiting for the snapshot's checkpoint", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("the checkpoint signal never fails", e);
            }
        }
        java.util.concurrent.Future<?> pending = pendingSnapshot;
        if (pending != null && pending.isDone()) {
            awaitSnapshot(); // rethrows its failure now rather than at the next snapshot
        }
    }

    /** Waits for the snapshot in flight, if any; rethrows its failure. Package-private for tests. */
    void awaitSnapshot() {
        java.util.concurrent.Future<?> pending = pendingSnapshot;
        if (pending == null) {
            return;
        }
        pendingSnapshot = null;
        try {
            pending.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof StateStoreException failure) {
                throw failure;
            }
            throw new StateStoreException(id, version, checkpoint.describe(checkpointDirectory),
                    "the background snapshot failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateStoreException(id, version, checkpoint.describe(checkpointDirectory),
                    "interrupted while waiting for a snapshot", e);
        }
    }

    /**
     * Deletes the state files no longer needed to restore any of the last {@code retainedVersions} versions: the
     * snapshots before the newest snapshot at or before the oldest retained version, and the changelogs up to it.
     */
    private void purge(long latest, List<String> listed, long newSnapshot) {
        long oldestRetained = latest - settings.retainedVersions() + 1;
        long keepSnapshot = EMPTY_VERSION;
        List<Long> snapshots = new ArrayList<>();
        List<Long> changelogs = new ArrayList<>();
        for (String name : listed) {
            parseVersion(name, SnapshotFile.SUFFIX).ifPresent(snapshots::add);
            parseVersion(name, ChangelogFile.SUFFIX).ifPresent(changelogs::add);
        }
        snapshots.add(newSnapshot);
        for (long snapshot : snapshots) {
            if (snapshot <= oldestRetained && snapshot > keepSnapshot) {
                keepSnapshot = snapshot;
            }
        }
        if (keepSnapshot == EMPTY_VERSION) {
            return; // no snapshot covers the retained window yet: every changelog is still needed
        }
        try {
            for (long snapshot : snapshots) {
                if (snapshot < keepSnapshot) {
                    checkpoint.delete(checkpointDirectory + "/" + snapshot + SnapshotFile.SUFFIX);
                }
            }
            for (long changelog : changelogs) {
                if (changelog <= keepSnapshot) {
                    checkpoint.delete(changelogPath(changelog));
                }
            }
        } catch (IOException e) {
            throw new StateStoreException(id, latest, checkpoint.describe(checkpointDirectory),
                    "cannot purge old state files: " + e.getMessage(), e);
        }
    }

    private List<String> listCheckpointFiles(long target) {
        try {
            return checkpoint.list(checkpointDirectory);
        } catch (IOException e) {
            throw new StateStoreException(id, target, checkpoint.describe(checkpointDirectory),
                    "cannot list the state files: " + e.getMessage(), e);
        }
    }

    private static Optional<Long> parseVersion(String name, String suffix) {
        if (!name.endsWith(suffix)) {
            return Optional.empty();
        }
        String digits = name.substring(0, name.length() - suffix.length());
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits));
    }

    private String changelogPath(long changelogVersion) {
        return checkpointDirectory + "/" + changelogVersion + ChangelogFile.SUFFIX;
    }

    // ---------------------------------------------------------------- helpers

    private void discardBatch() {
        closeIterators();
        changes.clear();
        runKeys.clear();
        runValues.clear();
    }

    private void closeIterators() {
        for (StoreIterator iterator : new ArrayList<>(openIterators)) {
            iterator.close();
        }
    }

    private void closeDatabase() {
        closeIterators();
        if (database != null && version != StateStoreException.NO_VERSION) {
            // Without a write-ahead log the memtable would be lost; flushing keeps the local copy reusable.
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                database.flush(flush, List.of(dataFamily, metaFamily));
            } catch (RocksDBException e) {
                // only the local cache suffers: the next load restores from the checkpoint
            }
        }
        if (dataFamily != null) {
            dataFamily.close();
            dataFamily = null;
        }
        if (metaFamily != null) {
            metaFamily.close();
            metaFamily = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
        if (databaseOptions != null) {
            databaseOptions.close();
            databaseOptions = null;
        }
        if (columnFamilyOptions != null) {
            columnFamilyOptions.close();
            columnFamilyOptions = null;
        }
    }

    private void deleteRecursively(Path directory, long target) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path visited, IOException error) throws IOException {
                    if (error != null) {
                        throw error;
                    }
                    Files.delete(visited);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new StateStoreException(id, target, directory.toString(),
                    "cannot delete the local directory: " + e.getMessage(), e);
        }
    }

    private static long directorySize(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.mapToLong(file -> {
                try {
                    return Files.isRegularFile(file) ? Files.size(file) : 0;
                } catch (NoSuchFileException compactedAway) {
                    return 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0; // a metric; the files change under compaction
        }
    }

    private static byte[] versionBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the state store of " + id + " is closed");
        }
    }

    private void checkLoaded() {
        checkOpen();
        if (version == StateStoreException.NO_VERSION) {
            throw new IllegalStateException("the state store of " + id + " has no loaded version: call load first");
        }
    }
}
