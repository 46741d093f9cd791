package dev.sluice.executor.expression;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sluice.planner.plan.proto.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * A column of the input batch, gathered into a dense column over the selected rows. This is the only place a
 * selection vector is applied: every other node works on dense rows, so a filter never costs the other nodes an
 * indirection.
 */
final class InputReference extends VectorExpression {
    private final int index;

    InputReference(DataType type, String text, int slot, int index) {
        super(type, text, slot);
        this.index = index;
    }

    @Override
    public int inputColumn() {
        return index;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        FieldVector vector = context.inputVector(index);
        Column column = context.column(slot(), Storage.of(type()));
        column.reset(count);
        boolean anyNull = vector.getNullCount() > 0;
        if (anyNull) {
            boolean[] nulls = column.nulls;
            ArrowBuf validity = vector.getValidityBuffer();
            for (int j = 0; j < count; j++) {
                int row = selection == null ? j : selection[j];
                nulls[j] = ((validity.getByte(row >>> 3) >>> (row & 7)) & 1) == 0;
            }
            column.hasNulls = true;
        }
        switch (type().getKind()) {
            case BOOLEAN -> readBooleans((BitVector) vector, selection, count, column);
            case INT, DATE -> readInts(vector.getDataBuffer(), selection, count, column.longs);
            case BIGINT, TIMESTAMP -> readLongs(vector.getDataBuffer(), selection, count, column.longs);
            case DOUBLE -> readDoubles(vector.getDataBuffer(), selection, count, column.doubles);
            case DECIMAL -> readDecimals((DecimalVector) vector, selection, count, column);
            case VARCHAR -> readStrings((VarCharVector) vector, selection, count, column);
            case NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalStateException("input column of type " + type().getKind());
        }
        if (anyNull) {
            column.clearValuesAtNulls();
        }
        return column;
    }

    private static void readBooleans(BitVector vector, int[] selection, int count, Column column) {
        ArrowBuf data = vector.getDataBuffer();
        boolean[] values = column.booleans;
        for (int j = 0; j < count; j++) {
            int row = selection == null ? j : selection[j];
            values[j] = ((data.getByte(row >>> 3) >>> (row & 7)) & 1) != 0;
        }
    }

    // The fixed-width readers below use raw addresses: every row index is below the vector's value count, which a
    // valid Arrow vector's buffers hold, and ArrowBuf's per-call bounds checks cost a third of a simple filter.

    private static void readInts(ArrowBuf data, int[] selection, int count, long[] values) {
        long address = data.memoryAddress();
        if (selection == null) {
            for (int j = 0; j < count; j++) {
                values[j] = MemoryUtil.getInt(address + ((long) j << 2));
            }
        } else {
            for (int j = 0; j < count; j++) {
                values[j] = MemoryUtil.getInt(address + ((long) selection[j] << 2));
            }
        }
    }

    private static void readLongs(ArrowBuf data, int[] selection, int count, long[] values) {
        long address = data.memoryAddress();
        if (selection == null) {
            for (int j = 0; j < count; j++) {
                values[j] = MemoryUtil.getLong(address + ((long) j << 3));
            }
        } else {
            for (int j = 0; j < count; j++) {
                values[j] = MemoryUtil.getLong(address + ((long) selection[j] << 3));
            }
        }
    }

    private static void readDoubles(ArrowBuf data, int[] selection, int count, double[] values) {
        long address = data.memoryAddress();
        if (selection == null) {
            for (int j = 0; j < count; j++) {
                values[j] = Double.longBitsToDouble(MemoryUtil.getLong(address + ((long) j << 3)));
            }
        } else {
            for (int j = 0; j < count; j++) {
                values[j] = Double.longBitsToDouble(MemoryUtil.getLong(address + ((long) selection[j] << 3)));
            }
        }
    }

    private static void readDecimals(DecimalVector vector, int[] selection, int count, Column column) {
        BigDecimal[] values = column.decimals;
        boolean[] nulls = column.nulls;
        boolean hasNulls = column.hasNulls;
        int scale = vector.getScale();
        ArrowBuf data = vector.getDataBuffer();
        for (int j = 0; j < count; j++) {
            if (hasNulls && nulls[j]) {
                continue;
            }
            int row = selection == null ? j : selection[j];
            long offset = (long) row * DecimalVector.TYPE_WIDTH;
            long low = data.getLong(offset);
            long high = data.getLong(offset + 8);
            // Most decimals fit in 64 bits: build those without a byte array.
            if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
                values[j] = BigDecimal.valueOf(low, scale);
            } else {
                byte[] bigEndian = new byte[16];
                for (int b = 0; b < 8; b++) {
                    bigEndian[b] = (byte) (high >>> (56 - 8 * b));
                    bigEndian[8 + b] = (byte) (low >>> (56 - 8 * b));
                }
                values[j] = new BigDecimal(new BigInteger(bigEndian), scale);
            }
        }
    }

    private static void readStrings(VarCharVector vector, int[] selection, int count, Column column) {
        String[] values = column.strings;
        boolean[] nulls = column.nulls;
        boolean hasNulls = column.hasNulls;
        ArrowBuf offsets = vector.getOffsetBuffer();
        ArrowBuf data = vector.getDataBuffer();
        byte[] bytes = new byte[64];
        for (int j = 0; j < count; j++) {
            if (hasNulls && nulls[j]) {
                continue;
            }
            int row = selection == null ? j : selection[j];
            int start = offsets.getInt((long) row << 2);
            int length = offsets.getInt((long) (row + 1) << 2) - start;
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, bytes.length * 2)];
            }
            data.getBytes(start, bytes, 0, length);
            values[j] = new String(bytes, 0, length, UTF_8);
        }
    }
}
