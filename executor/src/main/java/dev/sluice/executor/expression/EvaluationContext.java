package dev.sluice.executor.expression;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The mutable side of compiled expressions for one operator instance: the batch being evaluated and every node's
 * reusable buffers (heap arrays that only grow, so nothing is allocated per batch once the largest batch was seen).
 * Not thread-safe: one per operator instance.
 */
public final class EvaluationContext {
    private final Column[] columns;
    private final int[][][] rowBuffers;
    private final Object[] states;
    private FieldVector[] input = new FieldVector[0];
    private int inputRowCount;

    public EvaluationContext(int slotCount) {
        this.columns = new Column[slotCount];
        this.rowBuffers = new int[slotCount][][];
        this.states = new Object[slotCount];
    }

    /** Makes {@code batch} the rows that input references read. The batch stays the caller's. */
    public void bind(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        List<FieldVector> vectors = batch.getFieldVectors();
        if (input.length != vectors.size()) {
            input = new FieldVector[vectors.size()];
        }
        for (int i = 0; i < input.length; i++) {
            input[i] = vectors.get(i);
        }
        inputRowCount = batch.getRowCount();
    }

    /** Drops the reference to the bound batch. */
    public void unbind() {
        java.util.Arrays.fill(input, null);
        inputRowCount = 0;
    }

    FieldVector inputVector(int index) {
        if (index >= input.length || input[index] == null) {
            throw new IllegalStateException("no input column " + index + " bound (batch has " + input.length + ")");
        }
        return input[index];
    }

    /** The number of rows of the bound batch. */
    public int inputRowCount() {
        return inputRowCount;
    }

    /** The result column of node {@code slot}, created on first use. */
    Column column(int slot, Storage storage) {
        Column column = columns[slot];
        if (column == null) {
            column = new Column(storage);
            columns[slot] = column;
        }
        return column;
    }

    /** Scratch row-index buffer number {@code which} of node {@code slot}, at least {@code size} long. */
    int[] rows(int slot, int which, int size) {
        int[][] buffers = rowBuffers[slot];
        if (buffers == null || buffers.length <= which) {
            int[][] grown = new int[which + 1][];
            if (buffers != null) {
                System.arraycopy(buffers, 0, grown, 0, buffers.length);
            }
            buffers = grown;
            rowBuffers[slot] = buffers;
        }
        int[] buffer = buffers[which];
        if (buffer == null || buffer.length < size) {
            buffer = new int[Math.max(size, buffer == null ? 0 : buffer.length + (buffer.length >> 1))];
            buffers[which] = buffer;
        }
        return buffer;
    }

    /** Node-private state (e.g. a per-context cache), or null. */
    Object state(int slot) {
        return states[slot];
    }

    void setState(int slot, Object state) {
        states[slot] = state;
    }
}
