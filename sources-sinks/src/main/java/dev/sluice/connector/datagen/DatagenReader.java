package dev.sluice.connector.datagen;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.PartitionReader;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads one row range of a datagen table into a single reused {@link VectorSchemaRoot}. The vectors are
 * allocated once, for a full batch, when the reader is created; each {@link #loadNextBatch()} overwrites them
 * column by column, so a batch costs no allocation and one generator call per column.
 */
final class DatagenReader implements PartitionReader {
    private final VectorSchemaRoot root;
    private final FieldVector[] vectors;
    private final ColumnGenerator[] generators;
    private final int rowsPerBatch;
    private final long endRow;
    private long nextRow;

    DatagenReader(DatagenTable table, DatagenPartition partition, BufferAllocator allocator, int maxRowsPerBatch) {
        requireNonNull(table, "table is null");
        requireNonNull(partition, "partition is null");
        requireNonNull(allocator, "allocator is null");
        if (maxRowsPerBatch < 1) {
            throw new IllegalArgumentException("maxRowsPerBatch must be positive: " + maxRowsPerBatch);
        }
        this.generators = table.generators().toArray(ColumnGenerator[]::new);
        this.nextRow = partition.startRow();
        this.endRow = partition.endRow();
        this.rowsPerBatch = rowsPerBatch(generators, maxRowsPerBatch, partition.rowCount());
        this.root = VectorSchemaRoot.create(table.schema(), allocator);
        try {
            List<FieldVector> fieldVectors = root.getFieldVectors();
            this.vectors = fieldVectors.toArray(FieldVector[]::new);
            for (int column = 0; column < vectors.length; column++) {
                allocate(vectors[column], generators[column], rowsPerBatch);
            }
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /**
     * A batch is as large as the engine allows, but no larger than the partition (small partitions should not
     * allocate full batches) and small enough that a string column's bytes fit Arrow's 32-bit offsets.
     */
    private static int rowsPerBatch(ColumnGenerator[] generators, int maxRowsPerBatch, long partitionRows) {
        long rows = Math.min(maxRowsPerBatch, Math.max(1, partitionRows));
        for (ColumnGenerator generator : generators) {
            if (generator.maxBytesPerRow() > 0) {
                rows = Math.min(rows, Integer.MAX_VALUE / generator.maxBytesPerRow());
            }
        }
        return (int) Math.max(1, rows);
    }

    private static void allocate(FieldVector vector, ColumnGenerator generator, int rows) {
        if (vector instanceof BaseVariableWidthVector strings) {
            strings.allocateNew(Math.max(1L, (long) rows * generator.maxBytesPerRow()), rows);
        } else if (vector instanceof BaseFixedWidthVector fixed) {
            fixed.allocateNew(rows);
        } else {
            throw new IllegalStateException("datagen makes no " + vector.getClass().getSimpleName());
        }
    }

    @Override
    public boolean loadNextBatch() {
        int rows = (int) Math.min(rowsPerBatch, endRow - nextRow);
        if (rows <= 0) {
            root.setRowCount(0);
            return false;
        }
        for (int column = 0; column < vectors.length; column++) {
            generators[column].fill(vectors[column], nextRow, rows);
        }
        root.setRowCount(rows);
        nextRow += rows;
        return true;
    }

    @Override
    public VectorSchemaRoot root() {
        return root;
    }

    @Override
    public void close() {
        root.close();
    }
}
