package dev.sluice.executor.aggregate;

import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * How the partial aggregation finds the group of each (row, window) entry, and writes a group's key columns. Group
 * ids are the slots of the operator's {@link GroupState}. One call per chunk of entries, never per row.
 */
interface PartialGrouping {
    /**
     * Sets {@code groups[i]} for each entry {@code i < count}: input row {@code rows[i]} in window
     * {@code [starts[i], ends[i])} (ignored without a window).
     */
    void assign(ColumnData[] inputs, int[] rows, long[] starts, long[] ends, int count, int[] groups);

    /** Group ids are below this. */
    int groupCount();

    /** Whether a group still holds rows (a session merged into another does not). */
    boolean isLive(int group);

    /**
     * Writes the key group, window and group-key columns of groups {@code groups[from .. from + count)} into rows
     * 0 .. count-1 of the partial batch's vectors.
     */
    void writeGroupColumns(List<FieldVector> vectors, int[] groups, int from, int count);

    long memoryBytes();

    /** Forgets every group (after a flush); the group state is reset by the caller. */
    void clear();
}
