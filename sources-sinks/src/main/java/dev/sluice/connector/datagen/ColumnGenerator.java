package dev.sluice.connector.datagen;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * Fills one column of a batch: rows {@code [firstRow, firstRow + count)} into vector positions {@code [0, count)}.
 * The value of a row is a pure function of the row index and the generator's settings. Each implementation
 * handles one (type, kind) pair and writes the vector's buffers directly in a loop over the batch, so there is one
 * virtual call per column per batch, never one per row.
 *
 * <p>Implementations are immutable and shared by every reader of a table (readers run on several task threads).
 * The caller allocated the vector for at least {@code count} rows (and {@link #maxBytesPerRow()} bytes per row
 * of variable-width data) and sets the value count afterwards.
 */
abstract class ColumnGenerator {
    private final long nullKey;
    /** A row is NULL when the top 53 bits of its null hash fall below this; 0 for a column without NULLs. */
    private final long nullThreshold;

    ColumnGenerator(NullRate nullRate) {
        this.nullKey = nullRate.key();
        this.nullThreshold = nullRate.threshold();
    }

    abstract void fill(FieldVector vector, long firstRow, int count);

    /** The most bytes of variable-width data one row takes; 0 for a fixed-width column. */
    int maxBytesPerRow() {
        return 0;
    }

    final boolean hasNulls() {
        return nullThreshold != 0;
    }

    /** Sets the validity bit of every position in {@code [0, count)}: whole bytes at a time, no per-row work. */
    final void writeValidity(ArrowBuf validity, long firstRow, int count) {
        if (nullThreshold == 0) {
            setAllBits(validity, count);
            return;
        }
        // Builds each validity byte in a register and stores it once, instead of a read-modify-write per row.
        long state = nullKey + (firstRow + 1) * RowHash.GOLDEN_GAMMA;
        int bits = 0;
        for (int position = 0; position < count; position++) {
            if ((RowHash.mix(state) >>> 11) >= nullThreshold) {
                bits |= 1 << (position & 7);
            }
            state += RowHash.GOLDEN_GAMMA;
            if ((position & 7) == 7) {
                validity.setByte(position >>> 3, bits);
                bits = 0;
            }
        }
        if ((count & 7) != 0) {
            validity.setByte(count >>> 3, bits);
        }
    }

    /** Sets bits {@code [0, count)} of a bit buffer, and clears the unused bits of its last byte. */
    static void setAllBits(ArrowBuf bits, int count) {
        int wholeBytes = count >>> 3;
        if (wholeBytes > 0) {
            bits.setOne(0L, (long) wholeBytes);
        }
        if ((count & 7) != 0) {
            bits.setByte(wholeBytes, (1 << (count & 7)) - 1);
        }
    }

    /** Whether position {@code position} is valid (not NULL) in a validity buffer written by this batch. */
    static boolean isValid(ArrowBuf validity, int position) {
        return ((validity.getByte(position >>> 3) >> (position & 7)) & 1) != 0;
    }

    /**
     * How often a column is NULL, as the key and threshold the hot loop uses.
     *
     * @param key the key of the column's null decisions
     * @param threshold a row is NULL when the top 53 bits of {@code hash(key, row)} fall below it
     */
    record NullRate(long key, long threshold) {
        static final NullRate NEVER = new NullRate(0, 0);

        /** NULL with probability {@code rate}: {@code u < rate} for {@code u = k / 2^53} is {@code k < rate * 2^53}. */
        static NullRate of(long columnKey, double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("a null rate lies in [0, 1]: " + rate);
            }
            return rate == 0 ? NEVER : new NullRate(RowHash.nullKey(columnKey), (long) Math.ceil(rate * 0x1.0p53));
        }
    }
}
