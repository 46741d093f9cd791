package dev.sluice.executor.shuffle;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a writer puts one partition's Arrow IPC stream while it is being written. Bytes go to heap segments as long
 * as the store's memory budget grants them; the first segment the budget refuses moves the whole output to a spill
 * file (what is already in memory is written there first and its memory given back), so an output is either wholly
 * in memory or wholly in one file. Segments start small and double up to {@link #MAX_SEGMENT_BYTES}, so the many
 * small outputs of a wide shuffle waste little, and a large one is not copied as it grows.
 *
 * <p>Used by one writer thread. {@link #close()} only stops writes (the Arrow writer closes its channel);
 * {@link #finish()} hands the stored bytes over, {@link #discard()} drops them.
 */
final class OutputBuffer implements WritableByteChannel {
    static final int FIRST_SEGMENT_BYTES = 4 * 1024;
    static final int MAX_SEGMENT_BYTES = 256 * 1024;
    /** Spill writes are staged, because the Arrow writer writes metadata and padding in pieces of a few bytes. */
    private static final int FILE_STAGING_BYTES = 64 * 1024;

    private final MapOutputId id;
    private final ShuffleStore store;
    private final MemoryBudget budget;
    private List<byte[]> segments = new ArrayList<>();
    private int lastSegmentUsed;
    private long reservedBytes;
    private long length;
    private Path spillFile;
    private FileChannel file;
    private ByteBuffer staging;
    private boolean open = true;
    private boolean done;

    OutputBuffer(MapOutputId id, ShuffleStore store, MemoryBudget budget) {
        this.id = requireNonNull(id, "id is null");
        this.store = requireNonNull(store, "store is null");
        this.budget = requireNonNull(budget, "budget is null");
    }

    MapOutputId id() {
        return id;
    }

    /** Bytes written so far. */
    long length() {
        return length;
    }

    boolean spilled() {
        return file != null;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        int written = source.remaining();
        while (source.hasRemaining()) {
            if (file != null) {
                writeToFile(source);
                break;
            }
            byte[] last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            if (last == null || lastSegmentUsed == last.length) {
                if (!addSegment(last == null ? 0 : last.length)) {
                    spill();
                    continue;
                }
                last = segments.get(segments.size() - 1);
            }
            int take = Math.min(source.remaining(), last.length - lastSegmentUsed);
            source.get(last, lastSegmentUsed, take);
            lastSegmentUsed += take;
        }
        length += written;
        return written;
    }

    private boolean addSegment(int previousSize) {
        int size = previousSize == 0 ? FIRST_SEGMENT_BYTES : Math.min(MAX_SEGMENT_BYTES, previousSize * 2);
        if (!budget.tryReserve(size)) {
            return false;
        }
        reservedBytes += size;
        segments.add(new byte[size]);
        lastSegmentUsed = 0;
        return true;
    }

    /** Moves what is in memory to a new spill file, gives the memory back, and writes there from now on. */
    private void spill() throws IOException {
        spillFile = store.newSpillFile(id);
        file = FileChannel.open(spillFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        staging = ByteBuffer.allocate(FILE_STAGING_BYTES);
        for (int index = 0; index < segments.size(); index++) {
            byte[] segment = segments.get(index);
            int used = index == segments.size() - 1 ? lastSegmentUsed : segment.length;
            writeFully(ByteBuffer.wrap(segment, 0, used));
        }
        budget.release(reservedBytes);
        reservedBytes = 0;
        segments = List.of();
        lastSegmentUsed = 0;
    }

    private void writeToFile(ByteBuffer source) throws IOException {
        if (source.remaining() > staging.remaining()) {
            flushStaging();
        }
        if (source.remaining() >= staging.capacity()) {
            writeFully(source);
        } else {
            staging.put(source);
        }
    }

    private void flushStaging() throws IOException {
        staging.flip();
        writeFully(staging);
        staging.clear();
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            file.write(buffer);
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Stops writes; the bytes stay until {@link #finish()} or {@link #discard()}. */
    @Override
    public void close() {
        open = false;
    }

    /**
     * The stored form of what was written. In memory, the last segment is trimmed to its used size, so a
     * stored output holds (and is charged for) little more than its bytes.
     */
    StoredOutput finish() throws IOException {
        checkNotDone();
        open = false;
        done = true;
        if (length == 0) {
            return StoredOutput.Empty.INSTANCE;
        }
        if (file != null) {
            try {
                flushStaging();
            } finally {
                file.close();
            }
            return store.spilled(spillFile, length);
        }
        List<byte[]> stored = new ArrayList<>(segments);
        int lastIndex = stored.size() - 1;
        byte[] last = stored.get(lastIndex);
        if (lastSegmentUsed < last.length) {
            stored.set(lastIndex, Arrays.copyOf(last, lastSegmentUsed));
            budget.release(last.length - lastSegmentUsed);
            reservedBytes -= last.length - lastSegmentUsed;
        }
        return new StoredOutput.InMemory(stored, reservedBytes, budget);
    }

    /** Drops what was written: memory back to the budget, the spill file deleted. Idempotent. */
    void discard() {
        if (done) {
            return;
        }
        done = true;
        open = false;
        budget.release(reservedBytes);
        reservedBytes = 0;
        segments = List.of();
        if (file != null) {
            try {
                file.close();
                Files.deleteIfExists(spillFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete shuffle spill file " + spillFile + " of "
                        + id.describe(), e);
            }
        }
    }

    private void checkNotDone() {
        if (done) {
            throw new IllegalStateException("the output of " + id.describe() + " was already finished or discarded");
        }
    }
}
