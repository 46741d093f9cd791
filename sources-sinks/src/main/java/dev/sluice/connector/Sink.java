package dev.sluice.connector;

/**
 * Where a query's result goes. Executors write through one {@link SinkWriter} per task; the driver then commits
 * the batch from the writers' commit messages. Exactly-once rests on the driver's {@link #commit} being
 * idempotent per (query id, batch id): a batch replayed after a crash must not appear twice.
 *
 * <p>A sink instance is created per query on the driver and on each executor; constructors must not do I/O.
 */
public interface Sink extends AutoCloseable {

    /**
     * Driver side, once when a query (re)starts, before its first batch: finish a commit that a crash interrupted
     * and remove what crashed attempts left behind. Nothing else writes to the sink while this runs.
     */
    default void recover(SinkRecoverRequest request) {}

    /** Executor side: a writer for one task of one batch. */
    SinkWriter createWriter(WriterRequest request);

    /**
     * Driver side: makes batch N's output visible, from the commit messages of all its tasks. Idempotent: if the
     * sink already holds batch N for this query, it does nothing.
     */
    void commit(SinkCommitRequest request);

    /** Driver side: throws away what the writers of a failed batch left; the batch will be run again. */
    default void abort(SinkCommitRequest request) {}

    @Override
    default void close() {}
}
