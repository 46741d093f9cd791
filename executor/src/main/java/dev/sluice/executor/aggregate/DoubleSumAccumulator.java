package dev.sluice.executor.aggregate;

import dev.sluice.planner.plan.proto.AggregateCall;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * SUM and AVG of DOUBLE: a double sum and the count of non-null values per group. Floating-point addition is not
 * associative, so the order is fixed: a scan task adds its rows in input order, the state task adds the tasks'
 * partial sums in map-task order to the stored sum. A replay therefore gives the same bits.
 */
final class DoubleSumAccumulator extends Accumulator {
    private final boolean average;
    private double[] sums = new double[0];
    private long[] counts = new long[0];

    DoubleSumAccumulator(CallDefinition call) {
        super(call);
        this.average = call.function() == AggregateCall.Function.AVG;
    }

    @Override
    void ensureCapacity(int slots) {
        if (counts.length < slots) {
            int capacity = grown(counts.length, slots);
            sums = Arrays.copyOf(sums, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
    }

    @Override
    void clear(int slot) {
        sums[slot] = 0;
        counts[slot] = 0;
    }

    @Override
    void update(ColumnData argument, int[] rows, int[] slots, int count) {
        double[] values = argument.doubles;
        double[] sum = sums;
        long[] number = counts;
        for (int i = 0; i < count; i++) {
            int slot = slots[i];
            sum[slot] += values[rows[i]];
            number[slot]++;
        }
    }

    @Override
    List<Field> partialFields() {
        String prefix = "call" + call.index() + "_";
        return List.of(
                new Field(prefix + "sum", new FieldType(false,
                        new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), null), null),
                new Field(prefix + "count", new FieldType(false, new ArrowType.Int(64, true), null), null));
    }

    @Override
    void writePartial(List<FieldVector> vectors, int column, int[] slots, int from, int count) {
        Float8Vector sum = (Float8Vector) vectors.get(column);
        BigIntVector number = (BigIntVector) vectors.get(column + 1);
        for (int i = 0; i < count; i++) {
            int slot = slots[from + i];
            sum.set(i, sums[slot]);
            number.set(i, counts[slot]);
        }
    }

    @Override
    void writeEmptyPartial(List<FieldVector> vectors, int column, int row) {
        ((Float8Vector) vectors.get(column)).set(row, 0.0);
        ((BigIntVector) vectors.get(column + 1)).set(row, 0);
    }

    @Override
    void mergePartial(ColumnData[] columns, int column, int[] rows, int[] slots, int count) {
        double[] partialSums = columns[column].doubles;
        long[] partialCounts = columns[column + 1].longs;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            sums[slots[i]] += partialSums[row];
            counts[slots[i]] += partialCounts[row];
        }
    }

    @Override
    void merge(int target, int source) {
        sums[target] += sums[source];
        counts[target] += counts[source];
    }

    @Override
    void encode(int slot, ByteSink out) {
        out.writeVarLong(counts[slot]);
        out.writeLong(Double.doubleToRawLongBits(sums[slot]));
    }

    @Override
    void decode(int slot, ByteSource in) {
        counts[slot] = in.readVarLong();
        sums[slot] = Double.longBitsToDouble(in.readLong());
    }

    @Override
    void writeResult(int slot, FieldVector vector, int row) {
        long count = counts[slot];
        if (count == 0) {
            vector.setNull(row);
        } else {
            ((Float8Vector) vector).setSafe(row, average ? sums[slot] / count : sums[slot]);
        }
    }

    @Override
    long memoryBytes(int slots) {
        return 2L * counts.length * Long.BYTES;
    }
}
