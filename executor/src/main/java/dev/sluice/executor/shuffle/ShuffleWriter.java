package dev.sluice.executor.shuffle;

import static java.util.Objects.requireNonNull;

import dev.sluice.state.KeyGroups;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The shuffle side of one scan (map) task: splits its batches by state partition and keeps each partition's rows as
 * an Arrow IPC stream in the executor's {@link ShuffleStore}, for the state tasks to fetch.
 *
 * <p>Column 0 of every batch is the key group (INT NOT NULL); row {@code i} goes to state partition
 * {@link KeyGroups#partitionOf KeyGroups.partitionOf(keyGroup, G, P)}. Rows are copied column by column into one
 * batch per partition; when a partition's batch holds about {@link #flushBytes(int)} bytes it is written to that
 * partition's stream as one record batch. A partition's stream holds its rows in input order, so a replayed task
 * writes the same bytes.
 *
 * <p>{@link #finish()} registers all partitions' streams at once (replacing an earlier attempt's) and returns rows
 * and bytes per partition; {@link #abort()} (or {@link #close()} before finish) drops everything. Memory: at most
 * one partly filled batch per partition that received rows, about {@value #PENDING_BYTES_PER_TASK} bytes in all.
 *
 * <p>Used by one task thread. The batches given to {@link #write} stay owned by the caller: rows are copied.
 */
public final class ShuffleWriter implements AutoCloseable {
    /** The memory a writer's partly filled partition batches may take together. */
    static final long PENDING_BYTES_PER_TASK = 16L * 1024 * 1024;
    /** Smallest and largest record batch worth writing: smaller ones cost more in IPC metadata than in data. */
    static final long MIN_FLUSH_BYTES = 64L * 1024;
    static final long MAX_FLUSH_BYTES = 1024L * 1024;

    private enum State { OPEN, FINISHED, ABORTED }

    private final String queryId;
    private final long batchId;
    private final int mapTaskIndex;
    private final int statePartitions;
    private final int keyGroups;
    private final Schema schema;
    private final BufferAllocator allocator;
    private final ShuffleStore store;
    private final int[] partitionOfKeyGroup;
    private final ColumnCopier[] copiers;
    private final boolean[] columnHasNulls;
    private final PartitionBuffer[] partitions;
    private final long flushBytes;
    /** Per input row, its partition; then the rows grouped by partition (a stable counting sort). */
    private int[] rowPartitions = new int[0];
    private int[] rowsByPartition = new int[0];
    private final int[] partitionStarts;
    private State state = State.OPEN;

    public ShuffleWriter(String queryId, long batchId, int mapTaskIndex, int statePartitions, int keyGroups,
            Schema schema, BufferAllocator allocator, ShuffleStore store) {
        this(queryId, batchId, mapTaskIndex, statePartitions, keyGroups, schema, allocator, store,
                flushBytes(statePartitions));
    }

    /** As the public constructor, with the record-batch size given (tests write many small record batches). */
    ShuffleWriter(String queryId, long batchId, int mapTaskIndex, int statePartitions, int keyGroups,
            Schema schema, BufferAllocator allocator, ShuffleStore store, long flushBytes) {
        if (flushBytes < 1) {
            throw new IllegalArgumentException("flushBytes must be positive: " + flushBytes);
        }
        this.queryId = requireNonNull(queryId, "queryId is null");
        if (batchId < 0) {
            throw new IllegalArgumentException("batchId must not be negative: " + batchId);
        }
        if (mapTaskIndex < 0) {
            throw new IllegalArgumentException("mapTaskIndex must not be negative: " + mapTaskIndex);
        }
        this.batchId = batchId;
        this.mapTaskIndex = mapTaskIndex;
        this.schema = requireNonNull(schema, "schema is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.store = requireNonNull(store, "store is null");
        KeyGroups.rangeOf(0, keyGroups, statePartitions); // rejects impossible counts, naming them
        this.statePartitions = statePartitions;
        this.keyGroups = keyGroups;
        // the same function as everywhere else, tabulated once: the per-row lookup is an array load
        this.partitionOfKeyGroup = new int[keyGroups];
        for (int keyGroup = 0; keyGroup < keyGroups; keyGroup++) {
            partitionOfKeyGroup[keyGroup] = KeyGroups.partitionOf(keyGroup, keyGroups, statePartitions);
        }
        checkKeyGroupColumn(schema);
        this.copiers = new ColumnCopier[schema.getFields().size()];
        try (VectorSchemaRoot prototype = VectorSchemaRoot.create(schema, allocator)) {
            for (int column = 0; column < copiers.length; column++) {
                copiers[column] = ColumnCopier.forVector(prototype.getVector(column));
            }
        }
        this.columnHasNulls = new boolean[copiers.length];
        this.partitions = new PartitionBuffer[statePartitions];
        this.partitionStarts = new int[statePartitions + 1];
        this.flushBytes = flushBytes;
    }

    /** Bytes at which a partition's batch is written: the task's budget shared out, within sensible bounds. */
    static long flushBytes(int statePartitions) {
        if (statePartitions < 1) {
            return MAX_FLUSH_BYTES; // the constructor rejects the count itself, with its message
        }
        return Math.max(MIN_FLUSH_BYTES, Math.min(MAX_FLUSH_BYTES, PENDING_BYTES_PER_TASK / statePartitions));
    }

    private void checkKeyGroupColumn(Schema schema) {
        List<Field> fields = schema.getFields();
        if (fields.isEmpty() || !(fields.get(0).getType() instanceof ArrowType.Int integer)
                || integer.getBitWidth() != 32 || !integer.getIsSigned()) {
            throw new IllegalArgumentException("the first column of a shuffled batch must be the key group (INT),"
                    + " but " + describeTask() + " has schema " + schema);
        }
    }

    /** Splits {@code batch} (the writer's schema; still the caller's afterwards) into the partitions. */
    public void write(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        checkOpen();
        int rows = batch.getRowCount();
        if (rows == 0) {
            return;
        }
        checkSchema(batch.getSchema());
        List<FieldVector> columns = batch.getFieldVectors();
        for (int column = 0; column < columns.size(); column++) {
            FieldVector vector = columns.get(column);
            // the copiers read rows below the batch's row count by address: every column must hold them
            if (vector.getValueCount() < rows) {
                throw new IllegalArgumentException("column " + column + " of a batch of " + describeTask()
                        + " holds " + vector.getValueCount() + " values, but the batch has " + rows + " rows");
            }
            columnHasNulls[column] = vector.getNullCount() > 0;
        }
        assignPartitions((IntVector) columns.get(0), rows);
        try {
            for (int partition = 0; partition < statePartitions; partition++) {
                int from = partitionStarts[partition];
                int count = partitionStarts[partition + 1] - from;
                if (count > 0) {
                    partition(partition).append(columns, columnHasNulls, copiers, rowsByPartition, from, count);
                }
            }
        } catch (IOException e) {
            throw new ShuffleException("cannot write the shuffle output of " + describeTask() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Fills {@link #rowsByPartition}: row numbers grouped by partition, each group in input order. */
    private void assignPartitions(IntVector keyGroupColumn, int rows) {
        if (rowPartitions.length < rows) {
            rowPartitions = new int[rows];
            rowsByPartition = new int[rows];
        }
        if (columnHasNulls[0]) {
            for (int row = 0; row < rows; row++) {
                if (keyGroupColumn.isNull(row)) {
                    throw new IllegalArgumentException("row " + row + " of a batch of " + describeTask()
                            + " has a NULL key group (column 0 must be NOT NULL)");
                }
            }
        }
        long keyGroupData = keyGroupColumn.getDataBuffer().memoryAddress(); // rows checked in write
        Arrays.fill(partitionStarts, 0);
        for (int row = 0; row < rows; row++) {
            int keyGroup = MemoryUtil.getInt(keyGroupData + row * 4L);
            if (keyGroup < 0 || keyGroup >= keyGroups) {
                throw new IllegalArgumentException("row " + row + " of a batch of " + describeTask()
                        + " has key group " + keyGroup + ", outside [0, " + keyGroups + ")");
            }
            int partition = partitionOfKeyGroup[keyGroup];
            rowPartitions[row] = partition;
            partitionStarts[partition + 1]++;
        }
        for (int partition = 0; partition < statePartitions; partition++) {
            partitionStarts[partition + 1] += partitionStarts[partition];
        }
        int[] next = Arrays.copyOf(partitionStarts, statePartitions);
        for (int row = 0; row < rows; row++) {
            rowsByPartition[next[rowPartitions[row]]++] = row;
        }
    }

    private PartitionBuffer partition(int partition) {
        PartitionBuffer buffer = partitions[partition];
        if (buffer == null) {
            buffer = new PartitionBuffer(new MapOutputId(queryId, batchId, mapTaskIndex, partition), schema,
                    allocator, store, flushBytes);
            partitions[partition] = buffer;
        }
        return buffer;
    }

    private void checkSchema(Schema actual) {
        List<Field> expected = schema.getFields();
        List<Field> fields = actual.getFields();
        if (fields.size() != expected.size()) {
            throw new IllegalArgumentException("a batch of " + describeTask() + " has " + fields.size()
                    + " columns, the shuffle schema " + expected.size());
        }
        for (int column = 0; column < fields.size(); column++) {
            if (!fields.get(column).getType().equals(expected.get(column).getType())) {
                throw new IllegalArgumentException("column " + column + " of a batch of " + describeTask()
                        + " has type " + fields.get(column).getType() + ", the shuffle schema "
                        + expected.get(column).getType());
            }
        }
    }

    /**
     * Ends every partition's stream and makes them readable (replacing an earlier attempt of this map task).
     * Returns rows and bytes per partition; a partition without rows has no stream (0 and 0).
     */
    public ShuffleWriteResult finish() {
        checkOpen();
        List<Long> rows = new ArrayList<>(statePartitions);
        List<Long> bytes = new ArrayList<>(statePartitions);
        List<StoredOutput> stored = new ArrayList<>(statePartitions);
        try {
            for (PartitionBuffer buffer : partitions) {
                StoredOutput output = buffer == null ? StoredOutput.Empty.INSTANCE : buffer.finish();
                stored.add(output);
                rows.add(buffer == null ? 0L : buffer.rows());
                bytes.add(output.length());
            }
            store.register(queryId, batchId, mapTaskIndex, stored);
        } catch (IOException | RuntimeException e) {
            stored.forEach(StoredOutput::delete);
            abort();
            if (e instanceof IOException) {
                throw new ShuffleException("cannot finish the shuffle output of " + describeTask() + ": "
                        + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
        state = State.FINISHED;
        return new ShuffleWriteResult(rows, bytes);
    }

    /** Drops all written data and frees the partition batches. Idempotent; does nothing after finish. */
    public void abort() {
        if (state == State.FINISHED) {
            return;
        }
        state = State.ABORTED;
        RuntimeException failure = null;
        for (PartitionBuffer buffer : partitions) {
            if (buffer != null) {
                try {
                    buffer.abort();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Aborts unless finished, so a failed task leaves nothing behind. */
    @Override
    public void close() {
        abort();
    }

    private void checkOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("the shuffle writer of " + describeTask() + " is "
                    + state.name().toLowerCase(Locale.ROOT));
        }
    }

    private String describeTask() {
        return "query " + queryId + ", batch " + batchId + ", map task " + mapTaskIndex;
    }
}
