package dev.sluice.executor.aggregate;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * COUNT(DISTINCT x): the number of distinct non-null values of a group. The values themselves live apart (in
 * {@link DistinctValues} during a batch, as one state entry per value across batches); this holds only the
 * count, which the state task raises by the values that are new to the state.
 */
final class DistinctCountAccumulator extends Accumulator {
    private long[] counts = new long[0];

    DistinctCountAccumulator(CallDefinition call) {
        super(call);
    }

    void add(int slot, long values) {
        counts[slot] += values;
    }

    void set(int slot, long values) {
        counts[slot] = values;
    }

    @Override
    void ensureCapacity(int slots) {
        if (counts.length < slots) {
            counts = Arrays.copyOf(counts, grown(counts.length, slots));
        }
    }

    @Override
    void clear(int slot) {
        counts[slot] = 0;
    }

    @Override
    void update(ColumnData argument, int[] rows, int[] slots, int count) {
        // the values go to DistinctValues
    }

    @Override
    List<Field> partialFields() {
        return List.of();
    }

    @Override
    void writePartial(List<FieldVector> vectors, int column, int[] slots, int from, int count) {
    }

    @Override
    void writeEmptyPartial(List<FieldVector> vectors, int column, int row) {
    }

    @Override
    void mergePartial(ColumnData[] columns, int column, int[] rows, int[] slots, int count) {
    }

    @Override
    void merge(int target, int source) {
        counts[target] += counts[source];
    }

    @Override
    void encode(int slot, ByteSink out) {
        out.writeVarLong(counts[slot]);
    }

    @Override
    void decode(int slot, ByteSource in) {
        counts[slot] = in.readVarLong();
    }

    @Override
    void writeResult(int slot, FieldVector vector, int row) {
        ((BigIntVector) vector).setSafe(row, counts[slot]);
    }

    @Override
    long memoryBytes(int slots) {
        return (long) counts.length * Long.BYTES;
    }
}
