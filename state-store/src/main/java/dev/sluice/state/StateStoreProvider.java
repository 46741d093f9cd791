package dev.sluice.state;

/**
 * Opens the state stores of one executor. It owns what the stores share (for RocksDB: the block cache and the
 * write-buffer budget), so an executor creates exactly one provider and closes it after all its stores.
 */
public interface StateStoreProvider extends AutoCloseable {
    /**
     * Opens the store of {@code id}; it has no version until {@link StateStore#load(long)}. At most one open
     * store per id.
     */
    StateStore open(StateStoreId id);

    /** Closes every store still open, then the shared resources. */
    @Override
    void close();
}
