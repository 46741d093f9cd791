package dev.sluice.connector;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads one {@link InputPartition} as Arrow batches, in the shape of Arrow's own {@code ArrowReader}: one
 * {@link VectorSchemaRoot} is reused for every batch.
 *
 * <p>Ownership: the reader owns {@link #root()} and its buffers; a caller that keeps data past the next
 * {@link #loadNextBatch()} or {@link #close()} must transfer or copy it.
 *
 * @throws MalformedRecordException (from {@link #loadNextBatch()}) naming the position of a bad record
 */
public interface PartitionReader extends AutoCloseable {

    /** Loads the next batch into {@link #root()}; false (and an empty root) when the partition is exhausted. */
    boolean loadNextBatch() throws IOException;

    /** The batch loaded last; its schema is the source's schema. */
    VectorSchemaRoot root();

    @Override
    void close() throws IOException;
}
