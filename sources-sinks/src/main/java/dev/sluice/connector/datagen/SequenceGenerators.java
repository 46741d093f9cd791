package dev.sluice.connector.datagen;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Generators of kind {@code sequence}: row {@code i} holds {@code start + i}, counted modulo the number of values
 * in {@code [start, end]}, so after {@code end} the sequence starts again at {@code start}. With the defaults
 * ({@code start} 0, {@code end} the type's largest value) an integer column is the row index itself.
 */
final class SequenceGenerators {
    private SequenceGenerators() {}

    /** BIGINT. */
    static final class LongSequence extends ColumnGenerator {
        private final long start;
        private final long end;
        /** The number of values in {@code [start, end]} modulo 2^64: 0 when the sequence never wraps. */
        private final long period;

        LongSequence(long start, long end, NullRate nullRate) {
            super(nullRate);
            if (start > end) {
                throw new IllegalArgumentException("start " + start + " is after end " + end);
            }
            this.start = start;
            this.end = end;
            this.period = end - start + 1;
        }

        @Override
        void fill(FieldVector vector, long firstRow, int count) {
            ArrowBuf data = vector.getDataBuffer();
            long value = start + (period == 0 ? firstRow : Long.remainderUnsigned(firstRow, period));
            if (Long.compareUnsigned(end - value, count - 1) >= 0) {
                // The common case: the batch does not reach the end, so the loop is a plain count.
                for (int position = 0; position < count; position++) {
                    data.setLong((long) position << 3, value + position);
                }
            } else {
                for (int position = 0; position < count; position++) {
                    data.setLong((long) position << 3, value);
                    value = value == end ? start : value + 1;
                }
            }
            writeValidity(vector.getValidityBuffer(), firstRow, count);
        }
    }

    /** INT, and DATE as days since the epoch. */
    static final class IntSequence extends ColumnGenerator {
        private final int start;
        private final int end;
        private final long period;

        IntSequence(int start, int end, NullRate nullRate) {
            super(nullRate);
            if (start > end) {
                throw new IllegalArgumentException("start " + start + " is after end " + end);
            }
            this.start = start;
            this.end = end;
            this.period = (long) end - start + 1;
        }

        @Override
        void fill(FieldVector vector, long firstRow, int count) {
            ArrowBuf data = vector.getDataBuffer();
            int value = (int) (start + firstRow % period);
            if ((long) end - value >= count - 1) {
                for (int position = 0; position < count; position++) {
                    data.setInt((long) position << 2, value + position);
                }
            } else {
                for (int position = 0; position < count; position++) {
                    data.setInt((long) position << 2, value);
                    value = value == end ? start : value + 1;
                }
            }
            writeValidity(vector.getValidityBuffer(), firstRow, count);
        }
    }

    /**
     * TIMESTAMP(3) in event-time order: row {@code i} is {@code start + floor(i * 1000 / rowsPerSecond)}
     * milliseconds, the moment (after the source's start) at which the row becomes due at that rate; with
     * {@code periodMillis} set, the offset wraps modulo it.
     */
    static final class TimestampSequence extends ColumnGenerator {
        private final long startMillis;
        /** The length of {@code [start, end]} in milliseconds, or 0 for a sequence without an end. */
        private final long periodMillis;
        private final long rowsPerSecond;

        TimestampSequence(long startMillis, long periodMillis, long rowsPerSecond, NullRate nullRate) {
            super(nullRate);
            if (periodMillis < 0) {
                throw new IllegalArgumentException("periodMillis must not be negative: " + periodMillis);
            }
            if (rowsPerSecond < 1) {
                throw new IllegalArgumentException("rowsPerSecond must be positive: " + rowsPerSecond);
            }
            this.startMillis = startMillis;
            this.periodMillis = periodMillis;
            this.rowsPerSecond = rowsPerSecond;
        }

        /** {@code floor(row * 1000 / rowsPerSecond)} without overflowing on {@code row * 1000}. */
        static long millisOf(long row, long rowsPerSecond) {
            return row / rowsPerSecond * 1000 + row % rowsPerSecond * 1000 / rowsPerSecond;
        }

        @Override
        void fill(FieldVector vector, long firstRow, int count) {
            ArrowBuf data = vector.getDataBuffer();
            // Steps the exact quotient incrementally: each row adds 1000 / rate whole milliseconds and
            // 1000 % rate to a remainder that carries one millisecond whenever it reaches the rate.
            long wholeStep = 1000 / rowsPerSecond;
            long remainderStep = 1000 % rowsPerSecond;
            long offset = millisOf(firstRow, rowsPerSecond);
            long remainder = firstRow % rowsPerSecond * 1000 % rowsPerSecond;
            if (periodMillis != 0) {
                offset %= periodMillis;
            }
            for (int position = 0; position < count; position++) {
                data.setLong((long) position << 3, startMillis + offset);
                offset += wholeStep;
                remainder += remainderStep;
                if (remainder >= rowsPerSecond) {
                    remainder -= rowsPerSecond;
                    offset++;
                }
                if (periodMillis != 0 && offset >= periodMillis) {
                    offset %= periodMillis;
                }
            }
            writeValidity(vector.getValidityBuffer(), firstRow, count);
        }
    }

    /** VARCHAR: the decimal text of the sequence's number ({@code "0"}, {@code "1"}, ...). */
    static final class VarcharSequence extends ColumnGenerator {
        /** The longest decimal text of a long: a sign and 19 digits. */
        private static final int MAX_DIGITS = 20;

        private final long start;
        private final long end;
        private final long period;

        VarcharSequence(long start, long end, NullRate nullRate) {
            super(nullRate);
            if (start > end) {
                throw new IllegalArgumentException("start " + start + " is after end " + end);
            }
            this.start = start;
            this.end = end;
            this.period = end - start + 1;
        }

        @Override
        int maxBytesPerRow() {
            return MAX_DIGITS;
        }

        @Override
        void fill(FieldVector vector, long firstRow, int count) {
            BaseVariableWidthVector strings = (BaseVariableWidthVector) vector;
            ArrowBuf validity = strings.getValidityBuffer();
            ArrowBuf offsets = strings.getOffsetBuffer();
            ArrowBuf data = strings.getDataBuffer();
            writeValidity(validity, firstRow, count);
            boolean hasNulls = hasNulls();
            byte[] digits = new byte[MAX_DIGITS];
            long value = start + (period == 0 ? firstRow : Long.remainderUnsigned(firstRow, period));
            int dataEnd = 0;
            offsets.setInt(0, 0);
            for (int position = 0; position < count; position++) {
                if (!hasNulls || isValid(validity, position)) {
                    int first = writeDecimal(value, digits);
                    int length = MAX_DIGITS - first;
                    data.setBytes(dataEnd, digits, first, length);
                    dataEnd += length;
                }
                offsets.setInt((long) (position + 1) << 2, dataEnd);
                value = value == end ? start : value + 1;
            }
            // The offsets are complete; tell the vector so that setValueCount does not "fill holes" over them.
            strings.setLastSet(count - 1);
        }

        /** Writes {@code value}'s decimal digits right-aligned into {@code digits}; returns the first index used. */
        static int writeDecimal(long value, byte[] digits) {
            int index = digits.length;
            // Works on the negative value so that Long.MIN_VALUE needs no special case.
            long remaining = value < 0 ? value : -value;
            do {
                digits[--index] = (byte) ('0' - remaining % 10);
                remaining /= 10;
            } while (remaining != 0);
            if (value < 0) {
                digits[--index] = '-';
            }
            return index;
        }
    }
}
