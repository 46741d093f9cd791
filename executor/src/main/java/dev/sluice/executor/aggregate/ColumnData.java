package dev.sluice.executor.aggregate;

import dev.sluice.planner.plan.proto.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * One column of a batch read into Java arrays once per batch, so that the loops over rows that follow index plain
 * arrays (no per-row vector calls, no boxing). The arrays are reused from batch to batch and only grow.
 *
 * <ul>
 *   <li>BOOLEAN (0 or 1), INT, DATE (days), BIGINT, TIMESTAMP (ms): {@link #longs}</li>
 *   <li>DOUBLE: {@link #doubles}</li>
 *   <li>DECIMAL: the unscaled 128-bit two's complement value, {@link #highs} and {@link #longs} (low 64 bits)</li>
 *   <li>VARCHAR: UTF-8 {@link #bytes}; row r is {@code bytes[offsets[r] .. offsets[r + 1])}</li>
 * </ul>
 * {@link #nulls} is valid only when {@link #hasNulls}.
 */
final class ColumnData {
    final DataType.Kind kind;
    int rows;
    long[] longs = new long[0];
    long[] highs = new long[0];
    double[] doubles = new double[0];
    byte[] bytes = new byte[0];
    int[] offsets = new int[1];
    boolean[] nulls = new boolean[0];
    boolean hasNulls;

    ColumnData(DataType.Kind kind) {
        this.kind = kind;
    }

    boolean isNull(int row) {
        return hasNulls && nulls[row];
    }

    /**
     * Reads the first {@code rowCount} rows of {@code vector}, whose Arrow type the caller checked to be the one of
     * {@link #kind}. The fixed-width reads use raw addresses: every row index is below the vector's value count,
     * which a valid vector's buffers hold, and ArrowBuf's per-call bounds checks would cost more than the loops.
     */
    void read(FieldVector vector, int rowCount) {
        this.rows = rowCount;
        hasNulls = vector.getNullCount() > 0;
        if (hasNulls) {
            if (nulls.length < rowCount) {
                nulls = new boolean[capacityFor(rowCount)];
            }
            long validity = vector.getValidityBuffer().memoryAddress();
            for (int row = 0; row < rowCount; row++) {
                nulls[row] = ((MemoryUtil.getByte(validity + (row >>> 3)) >>> (row & 7)) & 1) == 0;
            }
        }
        switch (kind) {
            case BOOLEAN -> {
                long[] values = longsFor(rowCount);
                long address = vector.getDataBuffer().memoryAddress();
                for (int row = 0; row < rowCount; row++) {
                    values[row] = (MemoryUtil.getByte(address + (row >>> 3)) >>> (row & 7)) & 1;
                }
            }
            case INT, DATE -> {
                long[] values = longsFor(rowCount);
                long address = vector.getDataBuffer().memoryAddress();
                for (int row = 0; row < rowCount; row++) {
                    values[row] = MemoryUtil.getInt(address + ((long) row << 2));
                }
            }
            case BIGINT, TIMESTAMP -> {
                long[] values = longsFor(rowCount);
                long address = vector.getDataBuffer().memoryAddress();
                for (int row = 0; row < rowCount; row++) {
                    values[row] = MemoryUtil.getLong(address + ((long) row << 3));
                }
            }
            case DOUBLE -> {
                if (doubles.length < rowCount) {
                    doubles = new double[capacityFor(rowCount)];
                }
                long address = vector.getDataBuffer().memoryAddress();
                for (int row = 0; row < rowCount; row++) {
                    doubles[row] = Double.longBitsToDouble(MemoryUtil.getLong(address + ((long) row << 3)));
                }
            }
            case DECIMAL -> {
                long[] low = longsFor(rowCount);
                if (highs.length < rowCount) {
                    highs = new long[capacityFor(rowCount)];
                }
                // Arrow's Decimal128 is little-endian: the low 64 bits first.
                long address = vector.getDataBuffer().memoryAddress();
                for (int row = 0; row < rowCount; row++) {
                    long at = address + ((long) row << 4);
                    low[row] = MemoryUtil.getLong(at);
                    highs[row] = MemoryUtil.getLong(at + 8);
                }
            }
            case VARCHAR -> readStrings(vector, rowCount);
            case NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalStateException("a column of type " + kind + " cannot be read");
        }
    }

    private void readStrings(FieldVector vector, int rowCount) {
        if (offsets.length < rowCount + 1) {
            offsets = new int[capacityFor(rowCount + 1)];
        }
        ArrowBuf offsetBuffer = vector.getOffsetBuffer();
        if (rowCount == 0 || offsetBuffer.capacity() == 0) {
            offsets[0] = 0;
            for (int row = 1; row <= rowCount; row++) {
                offsets[row] = 0;
            }
            return;
        }
        long offsetAddress = offsetBuffer.memoryAddress();
        int first = MemoryUtil.getInt(offsetAddress);
        for (int row = 0; row <= rowCount; row++) {
            offsets[row] = MemoryUtil.getInt(offsetAddress + ((long) row << 2)) - first;
        }
        int length = offsets[rowCount];
        if (bytes.length < length) {
            bytes = new byte[capacityFor(length)];
        }
        vector.getDataBuffer().getBytes(first, bytes, 0, length);
    }

    private long[] longsFor(int rowCount) {
        if (longs.length < rowCount) {
            longs = new long[capacityFor(rowCount)];
        }
        return longs;
    }

    static int capacityFor(int needed) {
        return Math.max(needed, 16);
    }
}
