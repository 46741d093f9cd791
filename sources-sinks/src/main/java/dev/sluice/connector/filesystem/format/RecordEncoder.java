package dev.sluice.connector.filesystem.format;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Writes Arrow batches as records of one file format to one output stream, buffering as it goes. */
public interface RecordEncoder {

    /**
     * Writes every row of {@code batch}, whose vectors must match the encoder's columns. The caller keeps
     * ownership of {@code batch}.
     */
    void write(VectorSchemaRoot batch) throws IOException;

    /** Hands every buffered byte to the underlying stream (which the caller then syncs and closes). */
    void flush() throws IOException;
}
