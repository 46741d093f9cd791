package dev.sluice.executor.shuffle;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One state partition's side of a {@link ShuffleWriter}: a batch that collects the partition's rows and, once it
 * holds {@code flushBytes}, is written as one Arrow IPC record batch to the partition's stream and reused. The
 * batch (owned here, allocated from the writer's allocator) lives until {@link #finish()} or {@link #abort()}.
 */
final class PartitionBuffer {
    private final MapOutputId id;
    private final VectorSchemaRoot batch;
    private final List<FieldVector> columns;
    private final OutputBuffer output;
    private final long flushBytes;
    private ArrowStreamWriter stream;
    private long rows;

    PartitionBuffer(MapOutputId id, Schema schema, BufferAllocator allocator, ShuffleStore store, long flushBytes) {
        this.id = requireNonNull(id, "id is null");
        this.batch = VectorSchemaRoot.create(schema, allocator);
        this.columns = batch.getFieldVectors();
        this.output = store.newOutput(id);
        this.flushBytes = flushBytes;
        batch.allocateNew();
    }

    /** Appends {@code rows[from .. from + count)} of {@code source}, then flushes if the batch is full. */
    void append(List<FieldVector> source, boolean[] sourceHasNulls, ColumnCopier[] copiers, int[] selected,
            int from, int count) throws IOException {
        int start = batch.getRowCount();
        for (int column = 0; column < copiers.length; column++) {
            copiers[column].copy(source.get(column), sourceHasNulls[column], selected, from, count,
                    columns.get(column), start);
        }
        batch.setRowCount(start + count);
        rows += count;
        if (bufferedBytes() >= flushBytes) {
            flush();
        }
    }

    private long bufferedBytes() {
        long bytes = 0;
        for (FieldVector column : columns) {
            bytes += column.getBufferSize();
        }
        return bytes;
    }

    /** Writes the collected rows as one record batch (the stream's schema first, on the first flush). */
    private void flush() throws IOException {
        if (batch.getRowCount() == 0) {
            return;
        }
        if (stream == null) {
            stream = new ArrowStreamWriter(batch, new DictionaryProvider.MapDictionaryProvider(), output);
            stream.start();
        }
        stream.writeBatch();
        // reset keeps the buffers (zeroed) for the next rows: no reallocation per flush
        for (FieldVector column : columns) {
            column.reset();
        }
        batch.setRowCount(0);
    }

    long rows() {
        return rows;
    }

    /** Flushes, ends the stream and hands its bytes over; the batch is freed. */
    StoredOutput finish() throws IOException {
        try {
            flush();
            if (stream != null) {
                stream.end();
                stream.close();
            }
            return output.finish();
        } finally {
            batch.close();
        }
    }

    /** Frees the batch and drops the stream's bytes. Idempotent. */
    void abort() {
        try {
            batch.close();
        } finally {
            output.discard();
        }
    }

    MapOutputId id() {
        return id;
    }
}
