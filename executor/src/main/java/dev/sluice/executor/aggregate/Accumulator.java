package dev.sluice.executor.aggregate;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The running state of one aggregate call for many groups at once: primitive arrays indexed by group slot, so the
 * loops over rows update arrays with no object per row. Every method works on a whole batch or one group (one
 * virtual call per batch and call, never per row).
 *
 * <p>An accumulator has three forms: in memory (the arrays), as partial columns (what a scan task's partial
 * aggregation sends to the state stage, {@link #partialFields()}), and as bytes in the state store
 * ({@link #encode}). Merging two accumulators gives the accumulator of the union of their rows.
 */
abstract class Accumulator {
    final CallDefinition call;

    Accumulator(CallDefinition call) {
        this.call = call;
    }

    /** Makes the arrays hold at least {@code slots} groups. */
    abstract void ensureCapacity(int slots);

    /** Resets one group to "no rows". */
    abstract void clear(int slot);

    /**
     * Adds input rows: {@code slots[i]} gets row {@code rows[i]} of {@code argument} (null for COUNT(*)). The
     * caller passes only rows whose FILTER is true and, except for COUNT(*), whose argument is not NULL.
     */
    abstract void update(ColumnData argument, int[] rows, int[] slots, int count);

    /** The columns this accumulator adds to a partial batch (none for COUNT DISTINCT, whose values go apart). */
    abstract List<Field> partialFields();

    /** Writes groups {@code slots[from .. from + count)} into rows 0 .. count-1 of its partial columns. */
    abstract void writePartial(List<FieldVector> vectors, int column, int[] slots, int from, int count);

    /** Writes "no rows" into one row of its partial columns (a row that carries a COUNT DISTINCT value). */
    abstract void writeEmptyPartial(List<FieldVector> vectors, int column, int row);

    /** Merges partial rows: {@code slots[i]} gets row {@code rows[i]} of the partial columns that start at column. */
    abstract void mergePartial(ColumnData[] columns, int column, int[] rows, int[] slots, int count);

    /** {@code target} becomes the accumulator of both groups' rows. */
    abstract void merge(int target, int source);

    abstract void encode(int slot, ByteSink out);

    /** Reads what {@link #encode} wrote into a cleared slot. */
    abstract void decode(int slot, ByteSource in);

    /** Writes the call's result for a group into row {@code row} of the output vector (which may grow). */
    abstract void writeResult(int slot, FieldVector vector, int row);

    /** Fails when the group's result does not fit the call's result type. */
    void checkResult(int slot) {
    }

    /** Heap bytes held for {@code slots} groups. */
    abstract long memoryBytes(int slots);

    static int grown(int current, int needed) {
        return Math.max(needed, Math.max(16, current * 2));
    }
}
