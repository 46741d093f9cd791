package dev.sluice.executor.aggregate;

import dev.sluice.planner.plan.proto.AggregateCall;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * MIN and MAX of DOUBLE in the total order of {@link Double#compare}: -0.0 &lt; 0.0, and NaN above every number
 * (as PostgreSQL and Spark order it). NULL without values.
 */
final class DoubleExtremeAccumulator extends Accumulator {
    private final boolean minimum;
    private double[] values = new double[0];
    private boolean[] present = new boolean[0];

    DoubleExtremeAccumulator(CallDefinition call) {
        super(call);
        this.minimum = call.function() == AggregateCall.Function.MIN;
    }

    @Override
    void ensureCapacity(int slots) {
        if (values.length < slots) {
            int capacity = grown(values.length, slots);
            values = Arrays.copyOf(values, capacity);
            present = Arrays.copyOf(present, capacity);
        }
    }

    @Override
    void clear(int slot) {
        present[slot] = false;
    }

    @Override
    void update(ColumnData argument, int[] rows, int[] slots, int count) {
        double[] candidates = argument.doubles;
        for (int i = 0; i < count; i++) {
            acceptOne(slots[i], candidates[rows[i]]);
        }
    }

    private void acceptOne(int slot, double candidate) {
        if (!present[slot]) {
            values[slot] = candidate;
            present[slot] = true;
            return;
        }
        int comparison = Double.compare(candidate, values[slot]);
        if (minimum ? comparison < 0 : comparison > 0) {
            values[slot] = candidate;
        }
    }

    @Override
    List<Field> partialFields() {
        return List.of(new Field("call" + call.index() + "_value",
                new FieldType(true, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), null), null));
    }

    @Override
    void writePartial(List<FieldVector> vectors, int column, int[] slots, int from, int count) {
        Float8Vector vector = (Float8Vector) vectors.get(column);
        for (int i = 0; i < count; i++) {
            int slot = slots[from + i];
            if (present[slot]) {
                vector.set(i, values[slot]);
            } else {
                vector.setNull(i);
            }
        }
    }

    @Override
    void writeEmptyPartial(List<FieldVector> vectors, int column, int row) {
        vectors.get(column).setNull(row);
    }

    @Override
    void mergePartial(ColumnData[] columns, int column, int[] rows, int[] slots, int count) {
        ColumnData partial = columns[column];
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            if (!partial.isNull(row)) {
                acceptOne(slots[i], partial.doubles[row]);
            }
        }
    }

    @Override
    void merge(int target, int source) {
        if (present[source]) {
            acceptOne(target, values[source]);
        }
    }

    @Override
    void encode(int slot, ByteSink out) {
        out.writeByte(present[slot] ? 1 : 0);
        if (present[slot]) {
            out.writeLong(Double.doubleToRawLongBits(values[slot]));
        }
    }

    @Override
    void decode(int slot, ByteSource in) {
        present[slot] = in.readByte() == 1;
        if (present[slot]) {
            values[slot] = Double.longBitsToDouble(in.readLong());
        }
    }

    @Override
    void writeResult(int slot, FieldVector vector, int row) {
        if (present[slot]) {
            ((Float8Vector) vector).setSafe(row, values[slot]);
        } else {
            vector.setNull(row);
        }
    }

    @Override
    long memoryBytes(int slots) {
        return (long) values.length * (Double.BYTES + 1);
    }
}
