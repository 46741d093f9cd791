package dev.sluice.executor.shuffle;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;

/**
 * The bytes of a stream that arrives in chunks (from a fetch or from the store), as the channel an
 * {@code ArrowStreamReader} reads. Each read copies straight from the chunk into the reader's buffer; the next chunk
 * is asked for only when the current one is used up, so at most one chunk is held here.
 */
final class ChunkChannel implements ReadableByteChannel {
    /** Gives the next chunk, or null at the end of the stream. */
    interface Source {
        ByteString next() throws IOException;
    }

    private final Source source;
    private ByteString current = ByteString.EMPTY;
    private int position;
    private boolean ended;
    private boolean open = true;
    private long bytesRead;

    ChunkChannel(Source source) {
        this.source = requireNonNull(source, "source is null");
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (!target.hasRemaining()) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int length = Math.min(target.remaining(), current.size() - position);
        current.substring(position, position + length).copyTo(target);
        position += length;
        bytesRead += length;
        return length;
    }

    /** Makes sure the current chunk has bytes left; false at the end of the stream. */
    private boolean fill() throws IOException {
        while (position == current.size()) {
            if (ended) {
                return false;
            }
            ByteString next = source.next();
            if (next == null) {
                ended = true;
                current = ByteString.EMPTY;
                position = 0;
                return false;
            }
            current = next;
            position = 0;
        }
        return true;
    }

    /** Reads to the end of the stream and returns how many bytes were left (0 for a stream read to its end). */
    long skipToEnd() throws IOException {
        long left = 0;
        while (fill()) {
            left += current.size() - position;
            position = current.size();
        }
        return left;
    }

    /** Whether the stream ends before its first byte (waits for the first chunk if need be). */
    boolean isEmptyStream() throws IOException {
        return bytesRead == 0 && !fill();
    }

    long bytesRead() {
        return bytesRead;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        current = ByteString.EMPTY;
    }
}
