package dev.sluice.executor.shuffle;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The finished Arrow IPC stream of one map output, in memory or in a spill file. It never changes once stored, so
 * any number of readers may read it at once; {@link #delete()} gives its memory back or removes its file (a reader
 * that already opened a spill file keeps reading it: the file system keeps an open file's data).
 */
sealed interface StoredOutput permits StoredOutput.Empty, StoredOutput.InMemory, StoredOutput.Spilled {
    /** Bytes of the stream. */
    long length();

    /** A cursor over the bytes from the start. */
    ChunkCursor open() throws IOException;

    /** Releases the memory or deletes the file; idempotent. */
    void delete();

    /** A partition the map task sent no rows to: there is nothing to read, and fetching it yields no bytes. */
    final class Empty implements StoredOutput {
        static final Empty INSTANCE = new Empty();

        private Empty() {
        }

        @Override
        public long length() {
            return 0;
        }

        @Override
        public ChunkCursor open() {
            return new ChunkCursor() {
                @Override
                public ByteString next(int maxBytes) {
                    return null;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void delete() {
        }
    }

    /**
     * Bytes in heap segments (all full but the last, which is trimmed to size). Reads wrap the segments without
     * copying: nothing writes to them after the output is stored.
     */
    final class InMemory implements StoredOutput {
        private final List<byte[]> segments;
        private final long length;
        private final long reservedBytes;
        private final MemoryBudget budget;
        private final AtomicBoolean deleted = new AtomicBoolean();

        InMemory(List<byte[]> segments, long reservedBytes, MemoryBudget budget) {
            this.segments = List.copyOf(requireNonNull(segments, "segments is null"));
            this.length = this.segments.stream().mapToLong(segment -> segment.length).sum();
            this.reservedBytes = reservedBytes;
            this.budget = requireNonNull(budget, "budget is null");
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public ChunkCursor open() {
            return new ChunkCursor() {
                private int segment;
                private int offset;

                @Override
                public ByteString next(int maxBytes) {
                    ByteString chunk = ByteString.EMPTY;
                    while (chunk.size() < maxBytes && segment < segments.size()) {
                        byte[] bytes = segments.get(segment);
                        int take = Math.min(maxBytes - chunk.size(), bytes.length - offset);
                        chunk = chunk.concat(UnsafeByteOperations.unsafeWrap(bytes, offset, take));
                        offset += take;
                        if (offset == bytes.length) {
                            segment++;
                            offset = 0;
                        }
                    }
                    return chunk.isEmpty() ? null : chunk;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void delete() {
            if (deleted.compareAndSet(false, true)) {
                budget.release(reservedBytes);
            }
        }
    }

    /** Bytes in a file of the store's spill directory, read with positional reads. */
    final class Spilled implements StoredOutput {
        private final Path file;
        private final long length;
        private final SpillAccounting accounting;
        private final AtomicBoolean deleted = new AtomicBoolean();

        Spilled(Path file, long length, SpillAccounting accounting) {
            this.file = requireNonNull(file, "file is null");
            this.length = length;
            this.accounting = requireNonNull(accounting, "accounting is null");
        }

        Path file() {
            return file;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public ChunkCursor open() throws IOException {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            return new ChunkCursor() {
                private long position;

                @Override
                public ByteString next(int maxBytes) throws IOException {
                    int size = (int) Math.min(maxBytes, length - position);
                    if (size <= 0) {
                        return null;
                    }
                    ByteBuffer buffer = ByteBuffer.allocate(size);
                    while (buffer.hasRemaining()) {
                        int read = channel.read(buffer, position + buffer.position());
                        if (read < 0) {
                            throw new IOException("spill file " + file + " ends at " + (position + buffer.position())
                                    + " bytes, expected " + length);
                        }
                    }
                    position += size;
                    return UnsafeByteOperations.unsafeWrap(buffer.array());
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }

        @Override
        public void delete() {
            if (deleted.compareAndSet(false, true)) {
                accounting.removed(length);
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete shuffle spill file " + file, e);
                }
            }
        }
    }

    /** Keeps the store's count of bytes in spill files. */
    interface SpillAccounting {
        void removed(long bytes);
    }
}
