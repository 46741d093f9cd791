package dev.sluice.executor.expression;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sluice.planner.plan.proto.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/** Writes columns into Arrow vectors and copies vector rows, reusing the vectors' buffers when they are big enough. */
public final class ColumnWriter {
    private ColumnWriter() {
    }

    /**
     * Prepares a fixed-width vector for {@code rows} rows: reuses its buffers when they hold enough (zeroing the
     * validity bits), otherwise allocates. Variable-width vectors keep their buffers and grow with setSafe.
     */
    public static void prepare(FieldVector vector, int rows) {
        if (vector instanceof BaseFixedWidthVector fixed) {
            if (fixed.getValueCapacity() >= rows && fixed.getDataBuffer().capacity() > 0) {
                ArrowBuf validity = fixed.getValidityBuffer();
                validity.setZero(0, (((long) rows + 7) >>> 3));
            } else {
                fixed.clear();
                fixed.allocateNew(Math.max(rows, 1));
            }
        } else if (vector instanceof BaseVariableWidthVector variable) {
            if (variable.getValueCapacity() >= rows && variable.getDataBuffer().capacity() > 0) {
                variable.reset();
            } else {
                variable.clear();
                variable.allocateNew(Math.max(rows, 1));
            }
        } else {
            throw new IllegalArgumentException("unsupported vector " + vector.getClass().getSimpleName());
        }
    }

    /** Writes the first {@code rows} rows of {@code column} (of SQL type {@code type}) into {@code vector}. */
    public static void write(Column column, DataType type, FieldVector vector, int rows) {
        prepare(vector, rows);
        boolean hasNulls = column.hasNulls;
        boolean[] nulls = column.nulls;
        switch (type.getKind()) {
            case BOOLEAN -> {
                BitVector bits = (BitVector) vector;
                boolean[] values = column.booleans;
                for (int i = 0; i < rows; i++) {
                    if (hasNulls && nulls[i]) {
                        continue;
                    }
                    bits.set(i, values[i] ? 1 : 0);
                }
            }
            case INT, DATE -> {
                long address = vector.getDataBuffer().memoryAddress();
                long[] values = column.longs;
                for (int i = 0; i < rows; i++) {
                    MemoryUtil.putInt(address + ((long) i << 2), (int) values[i]);
                }
                setValidity(vector.getValidityBuffer(), hasNulls, nulls, rows);
            }
            case BIGINT, TIMESTAMP -> {
                // raw addresses: prepare() made room for rows values
                long address = vector.getDataBuffer().memoryAddress();
                long[] values = column.longs;
                for (int i = 0; i < rows; i++) {
                    MemoryUtil.putLong(address + ((long) i << 3), values[i]);
                }
                setValidity(vector.getValidityBuffer(), hasNulls, nulls, rows);
            }
            case DOUBLE -> {
                long address = vector.getDataBuffer().memoryAddress();
                double[] values = column.doubles;
                for (int i = 0; i < rows; i++) {
                    MemoryUtil.putLong(address + ((long) i << 3), Double.doubleToRawLongBits(values[i]));
                }
                setValidity(vector.getValidityBuffer(), hasNulls, nulls, rows);
            }
            case DECIMAL -> {
                DecimalVector decimals = (DecimalVector) vector;
                BigDecimal[] values = column.decimals;
                int scale = type.getScale();
                for (int i = 0; i < rows; i++) {
                    if (hasNulls && nulls[i]) {
                        continue;
                    }
                    BigDecimal value = values[i];
                    if (value.scale() != scale) {
                        value = value.setScale(scale, RoundingMode.HALF_UP);
                    }
                    decimals.set(i, value);
                }
            }
            case VARCHAR -> {
                VarCharVector strings = (VarCharVector) vector;
                String[] values = column.strings;
                for (int i = 0; i < rows; i++) {
                    if (hasNulls && nulls[i]) {
                        continue;
                    }
                    strings.setSafe(i, values[i].getBytes(UTF_8));
                }
            }
            case NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalStateException("cannot write " + type.getKind());
        }
        vector.setValueCount(rows);
    }

    private static void setValidity(ArrowBuf validity, boolean hasNulls, boolean[] nulls, int rows) {
        int fullBytes = rows >>> 3;
        if (!hasNulls) {
            validity.setOne(0L, (long) fullBytes);
            for (int i = fullBytes << 3; i < rows; i++) {
                BitVectorHelper.setBit(validity, i);
            }
            return;
        }
        for (int i = 0; i < rows; i++) {
            if (!nulls[i]) {
                BitVectorHelper.setBit(validity, i);
            }
        }
    }

    /**
     * Copies rows of {@code source} into {@code target} (same type): all {@code count} rows when {@code selection}
     * is null (a buffer copy for fixed-width types), else the selected rows.
     */
    public static void copy(FieldVector source, FieldVector target, int[] selection, int count) {
        prepare(target, count);
        if (source instanceof BaseFixedWidthVector fixedSource && !(source instanceof BitVector)) {
            int width = fixedSource.getTypeWidth();
            ArrowBuf from = source.getDataBuffer();
            ArrowBuf to = target.getDataBuffer();
            ArrowBuf fromValidity = source.getValidityBuffer();
            ArrowBuf toValidity = target.getValidityBuffer();
            if (selection == null) {
                to.setBytes(0, from, 0, (long) count * width);
                toValidity.setBytes(0, fromValidity, 0, (((long) count + 7) >>> 3));
            } else if (width == 8) {
                // raw addresses: rows are below the source's value count, targets below the prepared capacity
                long fromAddress = from.memoryAddress();
                long toAddress = to.memoryAddress();
                for (int j = 0; j < count; j++) {
                    MemoryUtil.putLong(toAddress + ((long) j << 3),
                            MemoryUtil.getLong(fromAddress + ((long) selection[j] << 3)));
                }
                copyValidity(fromValidity, toValidity, selection, count);
            } else if (width == 4) {
                long fromAddress = from.memoryAddress();
                long toAddress = to.memoryAddress();
                for (int j = 0; j < count; j++) {
                    MemoryUtil.putInt(toAddress + ((long) j << 2),
                            MemoryUtil.getInt(fromAddress + ((long) selection[j] << 2)));
                }
                copyValidity(fromValidity, toValidity, selection, count);
            } else {
                for (int j = 0; j < count; j++) {
                    to.setBytes((long) j * width, from, (long) selection[j] * width, width);
                }
                copyValidity(fromValidity, toValidity, selection, count);
            }
        } else {
            for (int j = 0; j < count; j++) {
                target.copyFromSafe(selection == null ? j : selection[j], j, source);
            }
        }
        target.setValueCount(count);
    }

    private static void copyValidity(ArrowBuf from, ArrowBuf to, int[] selection, int count) {
        for (int j = 0; j < count; j++) {
            int row = selection[j];
            if (((from.getByte(row >>> 3) >>> (row & 7)) & 1) != 0) {
                BitVectorHelper.setBit(to, j);
            }
        }
    }
}
