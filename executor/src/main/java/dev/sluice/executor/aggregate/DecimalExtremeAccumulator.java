package dev.sluice.executor.aggregate;

import dev.sluice.executor.expression.ArrowTypes;
import dev.sluice.planner.plan.proto.AggregateCall;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * MIN and MAX of DECIMAL: the unscaled 128-bit values (one scale per column, so they compare as the numbers do).
 * NULL without values.
 */
final class DecimalExtremeAccumulator extends Accumulator {
    private final boolean minimum;
    private long[] highs = new long[0];
    private long[] lows = new long[0];
    private boolean[] present = new boolean[0];

    DecimalExtremeAccumulator(CallDefinition call) {
        super(call);
        this.minimum = call.function() == AggregateCall.Function.MIN;
    }

    @Override
    void ensureCapacity(int slots) {
        if (highs.length < slots) {
            int capacity = grown(highs.length, slots);
            highs = Arrays.copyOf(highs, capacity);
            lows = Arrays.copyOf(lows, capacity);
            present = Arrays.copyOf(present, capacity);
        }
    }

    @Override
    void clear(int slot) {
        present[slot] = false;
    }

    @Override
    void update(ColumnData argument, int[] rows, int[] slots, int count) {
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            acceptOne(slots[i], argument.highs[row], argument.longs[row]);
        }
    }

    private void acceptOne(int slot, long high, long low) {
        if (present[slot]) {
            int comparison = high != highs[slot] ? Long.compare(high, highs[slot])
                    : Long.compareUnsigned(low, lows[slot]);
            if (minimum ? comparison >= 0 : comparison <= 0) {
                return;
            }
        }
        highs[slot] = high;
        lows[slot] = low;
        present[slot] = true;
    }

    @Override
    List<Field> partialFields() {
        return List.of(new Field("call" + call.index() + "_value",
                new FieldType(true, ArrowTypes.arrowType(call.argumentType()), null), null));
    }

    @Override
    void writePartial(List<FieldVector> vectors, int column, int[] slots, int from, int count) {
        DecimalVector vector = (DecimalVector) vectors.get(column);
        for (int i = 0; i < count; i++) {
            write(slots[from + i], vector, i);
        }
    }

    private void write(int slot, DecimalVector vector, int row) {
        if (!present[slot]) {
            vector.setNull(row);
            return;
        }
        byte[] bigEndian = new byte[16];
        ByteSink.putLong(bigEndian, 0, highs[slot]);
        ByteSink.putLong(bigEndian, 8, lows[slot]);
        vector.setBigEndianSafe(row, bigEndian);
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
                acceptOne(slots[i], partial.highs[row], partial.longs[row]);
            }
        }
    }

    @Override
    void merge(int target, int source) {
        if (present[source]) {
            acceptOne(target, highs[source], lows[source]);
        }
    }

    @Override
    void encode(int slot, ByteSink out) {
        out.writeByte(present[slot] ? 1 : 0);
        if (present[slot]) {
            out.writeVarLong(highs[slot]);
            out.writeVarLong(lows[slot]);
        }
    }

    @Override
    void decode(int slot, ByteSource in) {
        present[slot] = in.readByte() == 1;
        if (present[slot]) {
            highs[slot] = in.readVarLong();
            lows[slot] = in.readVarLong();
        }
    }

    @Override
    void writeResult(int slot, FieldVector vector, int row) {
        write(slot, (DecimalVector) vector, row);
    }

    @Override
    long memoryBytes(int slots) {
        return (long) highs.length * (2 * Long.BYTES + 1);
    }
}
