package dev.sluice.executor.aggregate;

import dev.sluice.planner.plan.proto.DataType;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * The byte encoding of group keys and COUNT DISTINCT values inside state keys. It is order-preserving (encoded
 * values compare as unsigned bytes in the order of the values, NULL first) and self-delimiting (a value's end is
 * known without a length), so several values concatenate into one key that still sorts by value and a range or
 * prefix scan can address a key's leading parts.
 *
 * <p>Each value is a marker byte, 0x00 for NULL (nothing follows) or 0x01, then:
 * <ul>
 *   <li>BOOLEAN: one byte, 0 or 1</li>
 *   <li>INT, DATE: 4 bytes big-endian with the sign bit flipped; BIGINT, TIMESTAMP: the same in 8 bytes</li>
 *   <li>DOUBLE: the IEEE bits, 8 bytes big-endian, all bits flipped for negative numbers and the sign bit flipped
 *       for the others (so -1.0 &lt; -0.5 &lt; 0.0 &lt; NaN). -0.0 is stored as 0.0 and every NaN as the one
 *       canonical NaN, because SQL puts them in one group.</li>
 *   <li>DECIMAL: the unscaled value as 16 bytes big-endian two's complement with the sign bit flipped (the scale
 *       is the column's, the same for every value)</li>
 *   <li>VARCHAR: the UTF-8 bytes with each 0x00 written as 0x00 0xFF, then 0x00 0x00. UTF-8 byte order is Unicode
 *       code-point order, so strings sort by code point.</li>
 * </ul>
 * This is part of the state format: changing it makes existing checkpoints unreadable.
 */
final class ValueEncoding {
    static final int NULL_MARKER = 0x00;
    static final int VALUE_MARKER = 0x01;

    private ValueEncoding() {
    }

    /** Whether values of this kind fit in a long losslessly (the fast grouping path). */
    static boolean isLongKind(DataType.Kind kind) {
        return switch (kind) {
            case BOOLEAN, INT, DATE, BIGINT, TIMESTAMP, DOUBLE -> true;
            case DECIMAL, VARCHAR, NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT, KIND_UNSPECIFIED,
                    UNRECOGNIZED -> false;
        };
    }

    /** Whether a long holding this kind has values to spare for a NULL sentinel (32 bits or fewer). */
    static boolean isNarrowKind(DataType.Kind kind) {
        return kind == DataType.Kind.BOOLEAN || kind == DataType.Kind.INT || kind == DataType.Kind.DATE;
    }

    /** The long a DOUBLE group key is compared by: -0.0 and 0.0 are one value, and so are all NaNs. */
    static long canonicalDoubleBits(double value) {
        return value == 0.0 ? 0L : Double.doubleToLongBits(value);
    }

    /** An order-preserving 8-byte form of a timestamp (window start and end in state keys). */
    static void writeTime(long millis, ByteSink out) {
        out.writeLong(millis ^ Long.MIN_VALUE);
    }

    static long readTime(byte[] bytes, int at) {
        return ByteSink.getLong(bytes, at) ^ Long.MIN_VALUE;
    }

    /** Appends row {@code row} of {@code column}. */
    static void encode(ColumnData column, int row, ByteSink out) {
        if (column.isNull(row)) {
            out.writeByte(NULL_MARKER);
            return;
        }
        switch (column.kind) {
            case BOOLEAN, INT, DATE, BIGINT, TIMESTAMP -> encodeLong(column.kind, column.longs[row], false, out);
            case DOUBLE -> encodeLong(column.kind, canonicalDoubleBits(column.doubles[row]), false, out);
            case DECIMAL -> {
                out.writeByte(VALUE_MARKER);
                out.writeLong(column.highs[row] ^ Long.MIN_VALUE);
                out.writeLong(column.longs[row]);
            }
            case VARCHAR -> {
                out.writeByte(VALUE_MARKER);
                byte[] bytes = column.bytes;
                int end = column.offsets[row + 1];
                out.ensureRoom(2 * (end - column.offsets[row]) + 2);
                for (int i = column.offsets[row]; i < end; i++) {
                    byte b = bytes[i];
                    out.writeByte(b);
                    if (b == 0) {
                        out.writeByte(0xFF);
                    }
                }
                out.writeByte(0);
                out.writeByte(0);
            }
            case NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalStateException("no key encoding for " + column.kind);
        }
    }

    /**
     * Appends a value of a {@link #isLongKind long kind} held as a long (DOUBLE as its canonical bits); the same
     * bytes as {@link #encode} writes for that value.
     */
    static void encodeLong(DataType.Kind kind, long value, boolean isNull, ByteSink out) {
        if (isNull) {
            out.writeByte(NULL_MARKER);
            return;
        }
        out.writeByte(VALUE_MARKER);
        switch (kind) {
            case BOOLEAN -> out.writeByte((int) value);
            case INT, DATE -> out.writeInt((int) value ^ Integer.MIN_VALUE);
            case BIGINT, TIMESTAMP -> out.writeLong(value ^ Long.MIN_VALUE);
            case DOUBLE -> out.writeLong(value < 0 ? ~value : value ^ Long.MIN_VALUE);
            case DECIMAL, VARCHAR, NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT, KIND_UNSPECIFIED,
                    UNRECOGNIZED -> throw new IllegalStateException("no long encoding for " + kind);
        }
    }

    /** The position just after the value that starts at {@code at}. */
    static int skip(DataType.Kind kind, byte[] bytes, int at) {
        if ((bytes[at] & 0xFF) == NULL_MARKER) {
            return at + 1;
        }
        int position = at + 1;
        return switch (kind) {
            case BOOLEAN -> position + 1;
            case INT, DATE -> position + 4;
            case BIGINT, TIMESTAMP, DOUBLE -> position + 8;
            case DECIMAL -> position + 16;
            case VARCHAR -> {
                while (true) {
                    if (bytes[position] == 0) {
                        if (bytes[position + 1] == 0) {
                            yield position + 2;
                        }
                        position += 2;
                    } else {
                        position++;
                    }
                }
            }
            case NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalStateException("no key encoding for " + kind);
        };
    }

    /**
     * Writes the value that starts at {@code at} into row {@code row} of {@code vector} (which may grow) and returns
     * the position after it; {@code scratch} holds an unescaped string.
     */
    static int decodeInto(DataType.Kind kind, byte[] bytes, int at, FieldVector vector, int row, ByteSink scratch) {
        if ((bytes[at] & 0xFF) == NULL_MARKER) {
            vector.setNull(row);
            return at + 1;
        }
        int position = at + 1;
        switch (kind) {
            case BOOLEAN -> {
                ((BitVector) vector).setSafe(row, bytes[position]);
                return position + 1;
            }
            case INT -> {
                ((IntVector) vector).setSafe(row, ByteSink.getInt(bytes, position) ^ Integer.MIN_VALUE);
                return position + 4;
            }
            case DATE -> {
                ((DateDayVector) vector).setSafe(row, ByteSink.getInt(bytes, position) ^ Integer.MIN_VALUE);
                return position + 4;
            }
            case BIGINT -> {
                ((BigIntVector) vector).setSafe(row, ByteSink.getLong(bytes, position) ^ Long.MIN_VALUE);
                return position + 8;
            }
            case TIMESTAMP -> {
                ((TimeStampMilliVector) vector).setSafe(row, ByteSink.getLong(bytes, position) ^ Long.MIN_VALUE);
                return position + 8;
            }
            case DOUBLE -> {
                long stored = ByteSink.getLong(bytes, position);
                long bits = stored < 0 ? stored ^ Long.MIN_VALUE : ~stored;
                ((Float8Vector) vector).setSafe(row, Double.longBitsToDouble(bits));
                return position + 8;
            }
            case DECIMAL -> {
                byte[] bigEndian = new byte[16];
                System.arraycopy(bytes, position, bigEndian, 0, 16);
                bigEndian[0] ^= (byte) 0x80;
                ((DecimalVector) vector).setBigEndianSafe(row, bigEndian);
                return position + 16;
            }
            case VARCHAR -> {
                scratch.reset();
                while (true) {
                    byte b = bytes[position];
                    if (b == 0) {
                        if (bytes[position + 1] == 0) {
                            position += 2;
                            break;
                        }
                        scratch.writeByte(0);
                        position += 2;
                    } else {
                        scratch.writeByte(b);
                        position++;
                    }
                }
                ((VarCharVector) vector).setSafe(row, scratch.data(), 0, scratch.size());
                return position;
            }
            case NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalStateException("no key encoding for " + kind);
        }
        throw new IllegalStateException("unreachable");
    }

    /** Writes a {@link #isLongKind long kind} value held as a long into row {@code row} of {@code vector}. */
    static void writeLong(DataType.Kind kind, long value, FieldVector vector, int row) {
        switch (kind) {
            case BOOLEAN -> ((BitVector) vector).setSafe(row, (int) value);
            case INT -> ((IntVector) vector).setSafe(row, (int) value);
            case DATE -> ((DateDayVector) vector).setSafe(row, (int) value);
            case BIGINT -> ((BigIntVector) vector).setSafe(row, value);
            case TIMESTAMP -> ((TimeStampMilliVector) vector).setSafe(row, value);
            case DOUBLE -> ((Float8Vector) vector).setSafe(row, Double.longBitsToDouble(value));
            case DECIMAL, VARCHAR, NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT, KIND_UNSPECIFIED,
                    UNRECOGNIZED -> throw new IllegalStateException("no long form for " + kind);
        }
    }
}
