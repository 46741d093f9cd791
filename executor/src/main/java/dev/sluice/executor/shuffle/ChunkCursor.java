package dev.sluice.executor.shuffle;

import com.google.protobuf.ByteString;
import java.io.IOException;

/** Reads a stored output front to back in pieces; used by one thread at a time. */
interface ChunkCursor extends AutoCloseable {
    /** The next at most {@code maxBytes} bytes (never empty), or null at the end. */
    ByteString next(int maxBytes) throws IOException;

    @Override
    void close() throws IOException;
}
