package dev.sluice.connector;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Writes one task's share of a batch. Output stays invisible until the driver commits the batch. */
public interface SinkWriter extends AutoCloseable {

    /** Writes a batch. The caller keeps ownership of {@code batch}; the writer must not hold on to it. */
    void write(VectorSchemaRoot batch) throws IOException;

    /**
     * Finishes this task's output and returns the commit message (one line of JSON) that the driver passes to
     * {@link Sink#commit}. Output written but not committed must stay invisible.
     */
    String commit() throws IOException;

    /** Throws this task's output away. */
    void abort() throws IOException;

    @Override
    default void close() throws IOException {}
}
