package dev.sluice.executor.shuffle;

import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Appends selected rows of one column to the same column of a partition's batch. One call copies a whole run of
 * rows in a loop over the Arrow buffers (no per-row boxing or virtual call); the kind of copier is chosen once per
 * column from the vector class. Every type the executor produces (BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL, DATE,
 * TIMESTAMP, VARCHAR) has a buffer-level copier; any other vector falls back to Arrow's {@code copyFromSafe}.
 *
 * <p>The loops read and write memory by address: {@code ArrowBuf}'s checked accessors cost a bounds check and a
 * volatile reference-count read per value, several times the copy itself. This is safe because each copier grows
 * the target to hold the whole run before it starts, and the writer checks once per batch that every source
 * column holds the batch's rows (the selected rows are below that count).
 */
abstract sealed class ColumnCopier {
    /**
     * Appends {@code source} rows {@code rows[from .. from + count)} to {@code target} at {@code targetStart}, in
     * that order; {@code sourceHasNulls} false lets validity be set in bulk. Grows the target as needed; the caller
     * sets the value count afterwards.
     */
    abstract void copy(FieldVector source, boolean sourceHasNulls, int[] rows, int from, int count,
            FieldVector target, int targetStart);

    static ColumnCopier forVector(FieldVector vector) {
        if (vector instanceof BitVector) {
            return new Bits();
        }
        if (vector instanceof BaseFixedWidthVector fixedWidth) {
            return new FixedWidth(fixedWidth.getTypeWidth());
        }
        if (vector instanceof BaseVariableWidthVector) {
            return new VariableWidth();
        }
        return new Generic();
    }

    /** Bit {@code index} of the bitmap at {@code address}: 0 or 1. */
    static int bit(long address, int index) {
        return (MemoryUtil.getByte(address + (index >>> 3)) >>> (index & 7)) & 1;
    }

    /** Sets bit {@code index} of the bitmap at {@code address} to {@code value} (0 or 1). */
    static void setBit(long address, int index, int value) {
        long byteAddress = address + (index >>> 3);
        int mask = 1 << (index & 7);
        byte current = MemoryUtil.getByte(byteAddress);
        MemoryUtil.putByte(byteAddress, (byte) (value != 0 ? current | mask : current & ~mask));
    }

    /** Sets bits {@code [start, start + count)} of the bitmap at {@code address}, whole bytes at a time. */
    static void setBits(long address, int start, int count) {
        int index = start;
        int end = start + count;
        while (index < end && (index & 7) != 0) {
            setBit(address, index++, 1);
        }
        int wholeBytes = (end - index) >>> 3;
        if (wholeBytes > 0) {
            MemoryUtil.setMemory(address + (index >>> 3), wholeBytes, (byte) 0xff);
            index += wholeBytes << 3;
        }
        while (index < end) {
            setBit(address, index++, 1);
        }
    }

    /** Copies the validity of the selected rows (all set when the source has no nulls). */
    static void copyValidity(FieldVector source, boolean sourceHasNulls, int[] rows, int from, int count,
            FieldVector target, int targetStart) {
        long targetValidity = target.getValidityBuffer().memoryAddress();
        if (!sourceHasNulls) {
            setBits(targetValidity, targetStart, count);
            return;
        }
        long sourceValidity = source.getValidityBuffer().memoryAddress();
        for (int k = 0; k < count; k++) {
            setBit(targetValidity, targetStart + k, bit(sourceValidity, rows[from + k]));
        }
    }

    /** Values of 4, 8 or 16 bytes (INT, DATE, BIGINT, TIMESTAMP, DOUBLE, DECIMAL) or any other fixed width. */
    static final class FixedWidth extends ColumnCopier {
        private final int width;

        FixedWidth(int width) {
            this.width = width;
        }

        @Override
        void copy(FieldVector source, boolean sourceHasNulls, int[] rows, int from, int count, FieldVector target,
                int targetStart) {
            BaseFixedWidthVector fixedTarget = (BaseFixedWidthVector) target;
            while (fixedTarget.getValueCapacity() < targetStart + count) {
                fixedTarget.reAlloc();
            }
            long sourceData = source.getDataBuffer().memoryAddress();
            long targetData = target.getDataBuffer().memoryAddress() + (long) targetStart * width;
            switch (width) {
                case 4 -> {
                    for (int k = 0; k < count; k++) {
                        MemoryUtil.putInt(targetData + k * 4L, MemoryUtil.getInt(sourceData + rows[from + k] * 4L));
                    }
                }
                case 8 -> {
                    for (int k = 0; k < count; k++) {
                        MemoryUtil.putLong(targetData + k * 8L,
                                MemoryUtil.getLong(sourceData + rows[from + k] * 8L));
                    }
                }
                case 16 -> {
                    for (int k = 0; k < count; k++) {
                        long value = sourceData + rows[from + k] * 16L;
                        MemoryUtil.putLong(targetData + k * 16L, MemoryUtil.getLong(value));
                        MemoryUtil.putLong(targetData + k * 16L + 8, MemoryUtil.getLong(value + 8));
                    }
                }
                default -> {
                    for (int k = 0; k < count; k++) {
                        MemoryUtil.copyMemory(sourceData + (long) rows[from + k] * width,
                                targetData + (long) k * width, width);
                    }
                }
            }
            copyValidity(source, sourceHasNulls, rows, from, count, target, targetStart);
        }
    }

    /** BOOLEAN: one bit per value. */
    static final class Bits extends ColumnCopier {
        @Override
        void copy(FieldVector source, boolean sourceHasNulls, int[] rows, int from, int count, FieldVector target,
                int targetStart) {
            BitVector bitTarget = (BitVector) target;
            while (bitTarget.getValueCapacity() < targetStart + count) {
                bitTarget.reAlloc();
            }
            long sourceData = source.getDataBuffer().memoryAddress();
            long targetData = target.getDataBuffer().memoryAddress();
            for (int k = 0; k < count; k++) {
                setBit(targetData, targetStart + k, bit(sourceData, rows[from + k]));
            }
            copyValidity(source, sourceHasNulls, rows, from, count, target, targetStart);
        }
    }

    /**
     * VARCHAR (and VARBINARY): the value bytes are appended to the target's data buffer and its offsets written
     * directly; the data buffer is grown once for the whole run. A null value gets an empty slot.
     */
    static final class VariableWidth extends ColumnCopier {
        private static final int OFFSET_WIDTH = BaseVariableWidthVector.OFFSET_WIDTH;

        @Override
        void copy(FieldVector source, boolean sourceHasNulls, int[] rows, int from, int count, FieldVector target,
                int targetStart) {
            BaseVariableWidthVector variableTarget = (BaseVariableWidthVector) target;
            while (variableTarget.getValueCapacity() < targetStart + count) {
                variableTarget.reallocValidityAndOffsetBuffers();
            }
            long sourceOffsets = source.getOffsetBuffer().memoryAddress();
            long sourceValidity = source.getValidityBuffer().memoryAddress();
            long bytes = 0;
            for (int k = 0; k < count; k++) {
                int row = rows[from + k];
                if (bit(sourceValidity, row) != 0) {
                    bytes += MemoryUtil.getInt(sourceOffsets + (row + 1L) * OFFSET_WIDTH)
                            - MemoryUtil.getInt(sourceOffsets + (long) row * OFFSET_WIDTH);
                }
            }
            int start = MemoryUtil.getInt(variableTarget.getOffsetBuffer().memoryAddress()
                    + (long) targetStart * OFFSET_WIDTH);
            while (variableTarget.getByteCapacity() < start + bytes) {
                variableTarget.reallocDataBuffer();
            }
            long sourceData = source.getDataBuffer().memoryAddress();
            long targetData = target.getDataBuffer().memoryAddress();
            long targetOffsets = target.getOffsetBuffer().memoryAddress();
            long targetValidity = target.getValidityBuffer().memoryAddress();
            int end = start;
            for (int k = 0; k < count; k++) {
                int row = rows[from + k];
                int targetRow = targetStart + k;
                int valid = bit(sourceValidity, row);
                if (valid != 0) {
                    int valueStart = MemoryUtil.getInt(sourceOffsets + (long) row * OFFSET_WIDTH);
                    int length = MemoryUtil.getInt(sourceOffsets + (row + 1L) * OFFSET_WIDTH) - valueStart;
                    MemoryUtil.copyMemory(sourceData + valueStart, targetData + end, length);
                    end += length;
                }
                MemoryUtil.putInt(targetOffsets + (targetRow + 1L) * OFFSET_WIDTH, end);
                setBit(targetValidity, targetRow, valid);
            }
            // Tells the vector which slots are written, so setValueCount does not fill them as empty values.
            variableTarget.setLastSet(targetStart + count - 1);
        }
    }

    /** Any other vector (not produced by the executor today): Arrow's own per-value copy. */
    static final class Generic extends ColumnCopier {
        @Override
        void copy(FieldVector source, boolean sourceHasNulls, int[] rows, int from, int count, FieldVector target,
                int targetStart) {
            for (int k = 0; k < count; k++) {
                target.copyFromSafe(rows[from + k], targetStart + k, source);
            }
        }
    }
}
