package dev.sluice.connector;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A replayable source of rows. The driver side asks for offsets and splits an offset range into
 * {@link InputPartition}s; executors create a {@link PartitionReader} per partition. Exactly-once rests on one
 * rule: reading the same range {@code (start, end]} again gives the same rows.
 *
 * <p>A source instance is created per query on the driver (with its {@link SourceLog}) and per query on each
 * executor (with {@link SourceLog#UNAVAILABLE}); constructors must not do I/O.
 */
public interface Source extends AutoCloseable {

    /** The columns this source produces, in order. */
    Schema schema();

    /** The offset before the first row; a new query's first batch starts here. */
    Offset initialOffset();

    /** The limit this source's options ask for per batch ({@link ReadLimit#ALL_AVAILABLE} if none). */
    ReadLimit defaultReadLimit();

    /**
     * The end of the next batch: the furthest offset available after {@code request.start()} within the limit.
     * Returns {@code request.start()} (an equal offset) when nothing is new.
     */
    Offset latestOffset(LatestOffsetRequest request);

    /**
     * Pins what is available now: from here on {@link #latestOffset} never goes past it, so a query with the
     * {@code available-now} trigger ends once it has processed what was there at its start.
     */
    void prepareForAvailableNow();

    /**
     * Whether this source ends (a fixed number of rows, a fixed set of files). A query whose sources are all
     * bounded ends when it has read them to the end.
     */
    boolean isBounded();

    /**
     * Whether a bounded source has nothing after {@code offset}: a query over bounded sources ends once each has
     * reached its end. Not the same as "nothing new yet" ({@link #latestOffset} returning its start), which a
     * rate-limited bounded source also says before its end. Always false for an unbounded source.
     */
    default boolean reachedEnd(Offset offset) {
        return false;
    }

    /** Splits the range {@code (start, end]} into partitions for tasks. Deterministic: a replay gets the same. */
    List<InputPartition> planInputPartitions(PlanPartitionsRequest request);

    /** Creates a reader for one partition. Called on executors: uses only the partition and the options. */
    PartitionReader createReader(ReaderRequest request);

    /** Reads back an offset written by {@link Offset#json()}. */
    Offset offsetFromJson(String json);

    /** Reads back a partition written by {@link InputPartition#json()}. */
    InputPartition partitionFromJson(String json);

    /** Tells the source that every batch up to {@code end} is committed; it may forget what it kept for them. */
    default void commit(Offset end) {}

    @Override
    default void close() {}
}
