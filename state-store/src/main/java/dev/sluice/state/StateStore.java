package dev.sluice.state;

/**
 * The lifecycle of the versioned state of one (operator, state partition). Version N is the state after batch N;
 * {@link #EMPTY_VERSION} is the state before batch 0. A task running batch N calls {@code load(N - 1)}, reads and
 * writes through {@link #state()}, then {@code commit(N)} once the batch's output is ready, or {@link #abort()} if
 * it failed.
 *
 * <p>The query capabilities are in {@link KeyValueState}, not here, so that the task runner that drives the
 * lifecycle and the operator that reads and writes keys see different interfaces.
 */
public interface StateStore extends AutoCloseable {
    /** The version before batch 0: no state. */
    long EMPTY_VERSION = -1;

    StateStoreId id();

    /**
     * Makes {@code version} the current state and starts a new batch on it. Reuses the open instance if it is
     * already at that version; otherwise restores it from the checkpoint (the latest snapshot at or before
     * {@code version}, then the changelogs after it). Loading an older version than the current one (a replay)
     * is allowed. Writes of an uncommitted batch are thrown away.
     *
     * @throws StateStoreException if a file needed for the version is missing, torn or corrupt (naming it)
     */
    void load(long version);

    /** The key-value view of the loaded version plus the current batch's writes. */
    KeyValueState state();

    /**
     * Makes the current batch's writes version {@code version}, which must be the loaded version plus one. When
     * this returns, the version is durable in the checkpoint (its changelog, and every K versions a snapshot, are
     * published), so a new instance on another machine can load it.
     */
    void commit(long version);

    /**
     * Makes the current batch's writes, on a store loaded at {@link #EMPTY_VERSION}, the store's first version
     * {@code version}, durable as a snapshot before this returns: how a state partition of a new layout (another
     * number of partitions) starts from key groups copied out of the old layout's stores.
     */
    void commitBase(long version);

    /** Whether the checkpoint holds {@code version} of this store (its changelog or snapshot). */
    boolean hasVersion(long version);

    /** Throws the current batch's writes away; the store stays at the loaded version. */
    void abort();

    /** The version the store is at (the last loaded or committed), or {@link StateStoreException#NO_VERSION}. */
    long version();

    StateStoreMetrics metrics();

    /** Releases local resources; the local files stay so that a later load can reuse them. */
    @Override
    void close();
}
