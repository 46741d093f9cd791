package dev.sluice.executor.aggregate;

import dev.sluice.planner.plan.proto.AggregateCall;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * MIN and MAX of VARCHAR in Unicode code-point order, which is the unsigned byte order of UTF-8 (not UTF-16
 * order, where characters above U+FFFF sort below U+E000..U+FFFF; not a locale's collation). A group keeps a copy
 * of its current extreme, made only when a row improves on it. NULL without values.
 */
final class VarcharExtremeAccumulator extends Accumulator {
    private final boolean minimum;
    private byte[][] values = new byte[0][];
    /** Bytes of the copies held, kept up to date so that the memory check costs nothing per batch. */
    private long heldBytes;

    VarcharExtremeAccumulator(CallDefinition call) {
        super(call);
        this.minimum = call.function() == AggregateCall.Function.MIN;
    }

    @Override
    void ensureCapacity(int slots) {
        if (values.length < slots) {
            values = Arrays.copyOf(values, grown(values.length, slots));
        }
    }

    @Override
    void clear(int slot) {
        set(slot, null);
    }

    private void set(int slot, byte[] value) {
        byte[] previous = values[slot];
        heldBytes += (value == null ? 0 : 16 + value.length) - (previous == null ? 0 : 16 + previous.length);
        values[slot] = value;
    }

    @Override
    void update(ColumnData argument, int[] rows, int[] slots, int count) {
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            acceptOne(slots[i], argument.bytes, argument.offsets[row], argument.offsets[row + 1]);
        }
    }

    private void acceptOne(int slot, byte[] bytes, int from, int to) {
        byte[] current = values[slot];
        if (current != null) {
            int comparison = Arrays.compareUnsigned(bytes, from, to, current, 0, current.length);
            if (minimum ? comparison >= 0 : comparison <= 0) {
                return;
            }
        }
        set(slot, Arrays.copyOfRange(bytes, from, to));
    }

    @Override
    List<Field> partialFields() {
        return List.of(new Field("call" + call.index() + "_value",
                new FieldType(true, ArrowType.Utf8.INSTANCE, null), null));
    }

    @Override
    void writePartial(List<FieldVector> vectors, int column, int[] slots, int from, int count) {
        VarCharVector vector = (VarCharVector) vectors.get(column);
        for (int i = 0; i < count; i++) {
            writeResult(slots[from + i], vector, i);
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
                acceptOne(slots[i], partial.bytes, partial.offsets[row], partial.offsets[row + 1]);
            }
        }
    }

    @Override
    void merge(int target, int source) {
        byte[] value = values[source];
        if (value != null) {
            acceptOne(target, value, 0, value.length);
        }
    }

    @Override
    void encode(int slot, ByteSink out) {
        byte[] value = values[slot];
        out.writeVarLong(value == null ? -1 : value.length);
        if (value != null) {
            out.writeBytes(value, 0, value.length);
        }
    }

    @Override
    void decode(int slot, ByteSource in) {
        long length = in.readVarLong();
        set(slot, length < 0 ? null : in.readBytes((int) length));
    }

    @Override
    void writeResult(int slot, FieldVector vector, int row) {
        byte[] value = values[slot];
        if (value == null) {
            vector.setNull(row);
        } else {
            ((VarCharVector) vector).setSafe(row, value, 0, value.length);
        }
    }

    @Override
    long memoryBytes(int slots) {
        return (long) values.length * 8 + heldBytes;
    }
}
