package dev.sluice.connector.datagen;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.DecimalUtility;

/**
 * Generators of kind {@code random}: row {@code i}'s value comes from {@link RowHash#hash(long, long)} of the
 * column's key and {@code i}. The loops step the SplitMix64 state by its gamma instead of recomputing
 * {@code key + (i + 1) * gamma}; the result is the same.
 */
final class RandomGenerators {
    private RandomGenerators() {}

    /** The SplitMix64 state just before row {@code firstRow}: adding the gamma once gives that row's state. */
    private static long stateBefore(long key, long firstRow) {
        return key + firstRow * RowHash.GOLDEN_GAMMA;
    }

    /** BIGINT, and TIMESTAMP(3) as milliseconds since the epoch: uniform in {@code [min, max]}. */
    static final class LongRandom extends ColumnGenerator {
        private final long key;
        private final long min;
        /** {@code max - min + 1} modulo 2^64; 0 for the full range of a long. */
        private final long span;

        LongRandom(long key, long min, long max, NullRate nullRate) {
            super(nullRate);
            if (min > max) {
                throw new IllegalArgumentException("min " + min + " is above max " + max);
            }
            this.key = key;
            this.min = min;
            this.span = max - min + 1;
        }

        @Override
        void fill(FieldVector vector, long firstRow, int count) {
            ArrowBuf data = vector.getDataBuffer();
            long state = stateBefore(key, firstRow);
            for (int position = 0; position < count; position++) {
                state += RowHash.GOLDEN_GAMMA;
                data.setLong((long) position << 3, RowHash.uniform(RowHash.mix(state), min, span));
            }
            writeValidity(vector.getValidityBuffer(), firstRow, count);
        }
    }

    /** INT, and DATE as days since the epoch: uniform in {@code [min, max]}. */
    static final class IntRandom extends ColumnGenerator {
        private final long key;
        private final int min;
        /** {@code max - min + 1}, at most 2^32. */
        private final long span;

        IntRandom(long key, int min, int max, NullRate nullRate) {
            super(nullRate);
            if (min > max) {
                throw new IllegalArgumentException("min " + min + " is above max " + max);
            }
            this.key = key;
            this.min = min;
            this.span = (long) max - min + 1;
        }

        @Override
        void fill(FieldVector vector, long firstRow, int count) {
            ArrowBuf data = vector.getDataBuffer();
            long state = stateBefore(key, firstRow);
            for (int position = 0; position < count; position++) {
                state += RowHash.GOLDEN_GAMMA;
                // 32 random bits times a span of at most 2^32 fits in an unsigned long: no 128-bit product needed.
                long scaled = ((RowHash.mix(state) >>> 32) * span) >>> 32;
                data.setInt((long) position << 2, (int) (min + scaled));
            }
            writeValidity(vector.getValidityBuffer(), firstRow, count);
        }
    }

    /** DOUBLE: uniform in {@code [min, max)} (exactly {@code min} when they are equal). */
    static final class DoubleRandom extends ColumnGenerator {
        private final long key;
        private final double min;
        private final double width;

        DoubleRandom(long key, double min, double max, NullRate nullRate) {
            super(nullRate);
            if (!(min <= max) || !Double.isFinite(max - min)) {
                throw new IllegalArgumentException("need finite min <= max: [" + min + ", " + max + "]");
            }
            this.key = key;
            this.min = min;
            this.width = max - min;
        }

        @Override
        void fill(FieldVector vector, long firstRow, int count) {
            ArrowBuf data = vector.getDataBuffer();
            long state = stateBefore(key, firstRow);
            for (int position = 0; position < count; position++) {
                state += RowHash.GOLDEN_GAMMA;
                data.setDouble((long) position << 3, min + RowHash.unitDouble(RowHash.mix(state)) * width);
            }
            writeValidity(vector.getValidityBuffer(), firstRow, count);
        }
    }

    /** DECIMAL(p, s): the unscaled value uniform in {@code [minUnscaled, maxUnscaled]}. */
    static final class DecimalRandom extends ColumnGenerator {
        private static final int DECIMAL_WIDTH = 16;

        private final long key;
        private final long minUnscaled;
        private final long span;

        DecimalRandom(long key, long minUnscaled, long maxUnscaled, NullRate nullRate) {
            super(nullRate);
            if (minUnscaled > maxUnscaled) {
                throw new IllegalArgumentException("min " + minUnscaled + " is above max " + maxUnscaled);
            }
            this.key = key;
            this.minUnscaled = minUnscaled;
            this.span = maxUnscaled - minUnscaled + 1;
        }

        @Override
        void fill(FieldVector vector, long firstRow, int count) {
            ArrowBuf data = vector.getDataBuffer();
            long state = stateBefore(key, firstRow);
            for (int position = 0; position < count; position++) {
                state += RowHash.GOLDEN_GAMMA;
                long unscaled = RowHash.uniform(RowHash.mix(state), minUnscaled, span);
                // Writes the sign-extended 128-bit value in the platform's byte order, as DecimalVector reads it.
                DecimalUtility.writeLongToArrowBuf(unscaled, data, position, DECIMAL_WIDTH);
            }
            writeValidity(vector.getValidityBuffer(), firstRow, count);
        }
    }

    /** BOOLEAN: true or false with equal probability. */
    static final class BooleanRandom extends ColumnGenerator {
        private final long key;

        BooleanRandom(long key, NullRate nullRate) {
            super(nullRate);
            this.key = key;
        }

        @Override
        void fill(FieldVector vector, long firstRow, int count) {
            ArrowBuf data = vector.getDataBuffer();
            long state = stateBefore(key, firstRow);
            int bits = 0;
            for (int position = 0; position < count; position++) {
                state += RowHash.GOLDEN_GAMMA;
                bits |= (int) (RowHash.mix(state) >>> 63) << (position & 7);
                if ((position & 7) == 7) {
                    data.setByte(position >>> 3, bits);
                    bits = 0;
                }
            }
            if ((count & 7) != 0) {
                data.setByte(count >>> 3, bits);
            }
            writeValidity(vector.getValidityBuffer(), firstRow, count);
        }
    }

    /** VARCHAR: {@code length} lowercase letters {@code a-z}, eight per 64-bit hash. */
    static final class VarcharRandom extends ColumnGenerator {
        private final long key;
        private final int length;

        VarcharRandom(long key, int length, NullRate nullRate) {
            super(nullRate);
            if (length < 0) {
                throw new IllegalArgumentException("length must not be negative: " + length);
            }
            this.key = key;
            this.length = length;
        }

        @Override
        int maxBytesPerRow() {
            return length;
        }

        @Override
        void fill(FieldVector vector, long firstRow, int count) {
            BaseVariableWidthVector strings = (BaseVariableWidthVector) vector;
            ArrowBuf validity = strings.getValidityBuffer();
            ArrowBuf offsets = strings.getOffsetBuffer();
            ArrowBuf data = strings.getDataBuffer();
            writeValidity(validity, firstRow, count);
            boolean hasNulls = hasNulls();
            byte[] letters = new byte[length];
            long state = stateBefore(key, firstRow);
            int dataEnd = 0;
            offsets.setInt(0, 0);
            for (int position = 0; position < count; position++) {
                state += RowHash.GOLDEN_GAMMA;
                if (!hasNulls || isValid(validity, position)) {
                    writeLetters(state, letters);
                    data.setBytes(dataEnd, letters, 0, length);
                    dataEnd += length;
                }
                offsets.setInt((long) (position + 1) << 2, dataEnd);
            }
            // The offsets are complete; tell the vector so that setValueCount does not "fill holes" over them.
            strings.setLastSet(count - 1);
        }

        /**
         * Letters from the row's hash, then (for strings longer than eight) from a SplitMix64 chain seeded with
         * that hash, so that no two rows share a chunk: each byte {@code b} maps to {@code 'a' + b * 26 / 256}.
         */
        private static void writeLetters(long rowState, byte[] letters) {
            long hash = RowHash.mix(rowState);
            for (int index = 0; index < letters.length; index++) {
                if (index != 0 && (index & 7) == 0) {
                    hash = RowHash.mix(hash + RowHash.GOLDEN_GAMMA);
                }
                letters[index] = (byte) ('a' + (((hash >>> ((index & 7) << 3)) & 0xFF) * 26 >>> 8));
            }
        }
    }
}
