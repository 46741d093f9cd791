package dev.sluice.executor.aggregate;

import dev.sluice.executor.expression.ArrowTypes;
import dev.sluice.planner.plan.proto.AggregateCall;
import dev.sluice.planner.plan.proto.DataType;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** MIN and MAX of BOOLEAN (FALSE &lt; TRUE), INT, DATE, BIGINT and TIMESTAMP, held as longs. NULL without values. */
final class LongExtremeAccumulator extends Accumulator {
    private final boolean minimum;
    private final DataType.Kind kind;
    private long[] values = new long[0];
    private boolean[] present = new boolean[0];

    LongExtremeAccumulator(CallDefinition call) {
        super(call);
        this.minimum = call.function() == AggregateCall.Function.MIN;
        this.kind = call.argumentType().getKind();
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
        accept(argument.longs, rows, slots, count);
    }

    private void accept(long[] candidates, int[] rows, int[] slots, int count) {
        long[] value = values;
        boolean[] has = present;
        if (minimum) {
            for (int i = 0; i < count; i++) {
                int slot = slots[i];
                long candidate = candidates[rows[i]];
                if (!has[slot] || candidate < value[slot]) {
                    value[slot] = candidate;
                    has[slot] = true;
                }
            }
        } else {
            for (int i = 0; i < count; i++) {
                int slot = slots[i];
                long candidate = candidates[rows[i]];
                if (!has[slot] || candidate > value[slot]) {
                    value[slot] = candidate;
                    has[slot] = true;
                }
            }
        }
    }

    @Override
    List<Field> partialFields() {
        return List.of(new Field("call" + call.index() + "_value",
                new FieldType(true, ArrowTypes.arrowType(call.argumentType()), null), null));
    }

    @Override
    void writePartial(List<FieldVector> vectors, int column, int[] slots, int from, int count) {
        FieldVector vector = vectors.get(column);
        for (int i = 0; i < count; i++) {
            int slot = slots[from + i];
            if (present[slot]) {
                ValueEncoding.writeLong(kind, values[slot], vector, i);
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
        if (!partial.hasNulls) {
            accept(partial.longs, rows, slots, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            if (!partial.nulls[rows[i]]) {
                acceptOne(slots[i], partial.longs[rows[i]]);
            }
        }
    }

    private void acceptOne(int slot, long candidate) {
        if (!present[slot] || (minimum ? candidate < values[slot] : candidate > values[slot])) {
            values[slot] = candidate;
            present[slot] = true;
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
            out.writeVarLong(values[slot]);
        }
    }

    @Override
    void decode(int slot, ByteSource in) {
        present[slot] = in.readByte() == 1;
        if (present[slot]) {
            values[slot] = in.readVarLong();
        }
    }

    @Override
    void writeResult(int slot, FieldVector vector, int row) {
        if (present[slot]) {
            ValueEncoding.writeLong(kind, values[slot], vector, row);
        } else {
            vector.setNull(row);
        }
    }

    @Override
    long memoryBytes(int slots) {
        return (long) values.length * (Long.BYTES + 1);
    }
}
