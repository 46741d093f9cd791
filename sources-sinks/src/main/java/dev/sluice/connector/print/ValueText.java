package dev.sluice.connector.print;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * The text of a column's values as the print sink shows them: NULL as {@code null}, BOOLEAN as
 * {@code true}/{@code false}, DOUBLE as {@link Double#toString(double)}, DECIMAL in plain notation with its scale,
 * DATE as {@code yyyy-MM-dd}, TIMESTAMP(3) as {@code yyyy-MM-dd HH:mm:ss.SSS} (UTC). The vector's type is tested
 * once per column; each branch is a loop over the rows.
 */
final class ValueText {
    static final String NULL = "null";
    static final DateTimeFormatter TIMESTAMP_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private ValueText() {}

    static String[] format(FieldVector vector, int rows) {
        String[] text = new String[rows];
        if (vector instanceof BitVector booleans) {
            for (int row = 0; row < rows; row++) {
                text[row] = booleans.isNull(row) ? NULL : booleans.get(row) != 0 ? "true" : "false";
            }
        } else if (vector instanceof IntVector ints) {
            for (int row = 0; row < rows; row++) {
                text[row] = ints.isNull(row) ? NULL : Integer.toString(ints.get(row));
            }
        } else if (vector instanceof BigIntVector longs) {
            for (int row = 0; row < rows; row++) {
                text[row] = longs.isNull(row) ? NULL : Long.toString(longs.get(row));
            }
        } else if (vector instanceof SmallIntVector shorts) {
            for (int row = 0; row < rows; row++) {
                text[row] = shorts.isNull(row) ? NULL : Short.toString(shorts.get(row));
            }
        } else if (vector instanceof TinyIntVector bytes) {
            for (int row = 0; row < rows; row++) {
                text[row] = bytes.isNull(row) ? NULL : Byte.toString(bytes.get(row));
            }
        } else if (vector instanceof Float8Vector doubles) {
            for (int row = 0; row < rows; row++) {
                text[row] = doubles.isNull(row) ? NULL : Double.toString(doubles.get(row));
            }
        } else if (vector instanceof Float4Vector floats) {
            for (int row = 0; row < rows; row++) {
                text[row] = floats.isNull(row) ? NULL : Float.toString(floats.get(row));
            }
        } else if (vector instanceof DecimalVector decimals) {
            for (int row = 0; row < rows; row++) {
                text[row] = decimals.isNull(row) ? NULL : decimals.getObject(row).toPlainString();
            }
        } else if (vector instanceof VarCharVector strings) {
            for (int row = 0; row < rows; row++) {
                text[row] = strings.isNull(row) ? NULL : new String(strings.get(row), StandardCharsets.UTF_8);
            }
        } else if (vector instanceof DateDayVector dates) {
            for (int row = 0; row < rows; row++) {
                text[row] = dates.isNull(row) ? NULL : LocalDate.ofEpochDay(dates.get(row)).toString();
            }
        } else if (vector instanceof TimeStampMilliVector timestamps) {
            for (int row = 0; row < rows; row++) {
                text[row] = timestamps.isNull(row) ? NULL : timestamp(timestamps.get(row));
            }
        } else {
            // Types the SQL layer does not make today (nested, intervals, other time units): Arrow's own text.
            for (int row = 0; row < rows; row++) {
                text[row] = vector.isNull(row) ? NULL : String.valueOf(vector.getObject(row));
            }
        }
        return text;
    }

    static String timestamp(long epochMillis) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000),
                Math.floorMod(epochMillis, 1000) * 1_000_000, ZoneOffset.UTC);
        return TIMESTAMP_FORMAT.format(time);
    }
}
