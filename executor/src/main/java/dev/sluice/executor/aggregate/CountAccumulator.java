package dev.sluice.executor.aggregate;

import dev.sluice.executor.expression.ArrowTypes;
import dev.sluice.planner.plan.proto.DataType;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** COUNT(*) and COUNT(x): a row count per group (the caller passes only the rows that count). */
final class CountAccumulator extends Accumulator {
    private long[] counts = new long[0];

    CountAccumulator(CallDefinition call) {
        super(call);
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
        long[] target = counts;
        for (int i = 0; i < count; i++) {
            target[slots[i]]++;
        }
    }

    @Override
    List<Field> partialFields() {
        DataType bigint = DataType.newBuilder().setKind(DataType.Kind.BIGINT).build();
        return List.of(new Field("call" + call.index() + "_count",
                new FieldType(false, ArrowTypes.arrowType(bigint), null), null));
    }

    @Override
    void writePartial(List<FieldVector> vectors, int column, int[] slots, int from, int count) {
        BigIntVector vector = (BigIntVector) vectors.get(column);
        for (int i = 0; i < count; i++) {
            vector.set(i, counts[slots[from + i]]);
        }
    }

    @Override
    void writeEmptyPartial(List<FieldVector> vectors, int column, int row) {
        ((BigIntVector) vectors.get(column)).set(row, 0);
    }

    @Override
    void mergePartial(ColumnData[] columns, int column, int[] rows, int[] slots, int count) {
        long[] partial = columns[column].longs;
        long[] target = counts;
        for (int i = 0; i < count; i++) {
            target[slots[i]] += partial[rows[i]];
        }
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
