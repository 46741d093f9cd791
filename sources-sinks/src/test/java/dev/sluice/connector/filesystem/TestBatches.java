package dev.sluice.connector.filesystem;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Builds Arrow batches from rows of Java values and reads them back, for tests. Values per SQL type: BOOLEAN
 * {@link Boolean}, INT {@link Integer}, BIGINT {@link Long}, DOUBLE {@link Double}, DECIMAL {@link BigDecimal}
 * (of the column's scale), VARCHAR {@link String}, DATE {@link LocalDate}, TIMESTAMP(3) {@link LocalDateTime}
 * (UTC); {@code null} is NULL.
 */
public final class TestBatches {
    public static final ArrowType BOOLEAN = ArrowType.Bool.INSTANCE;
    public static final ArrowType INT = new ArrowType.Int(32, true);
    public static final ArrowType BIGINT = new ArrowType.Int(64, true);
    public static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    public static final ArrowType VARCHAR = ArrowType.Utf8.INSTANCE;
    public static final ArrowType DATE = new ArrowType.Date(DateUnit.DAY);
    public static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);

    private TestBatches() {}

    public static ArrowType decimal(int precision, int scale) {
        return new ArrowType.Decimal(precision, scale, 128);
    }

    public static Field column(String name, ArrowType type) {
        return Field.nullable(name, type);
    }

    public static Schema schema(Field... fields) {
        return new Schema(Arrays.asList(fields));
    }

    /** A row; unlike {@code List.of}, it may hold nulls. */
    public static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    public static LocalDateTime timestamp(String text) {
        return LocalDateTime.parse(text.replace(' ', 'T'));
    }

    /** A batch holding {@code rows}; the caller closes it. */
    public static VectorSchemaRoot batch(BufferAllocator allocator, Schema schema, List<List<Object>> rows) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        List<FieldVector> vectors = root.getFieldVectors();
        for (int rowIndex = 0; rowIndex < rows.size(); rowIndex++) {
            List<Object> row = rows.get(rowIndex);
            if (row.size() != vectors.size()) {
                throw new IllegalArgumentException("row " + rowIndex + " has " + row.size() + " values for "
                        + vectors.size() + " columns: " + row);
            }
            for (int column = 0; column < vectors.size(); column++) {
                set(vectors.get(column), rowIndex, row.get(column));
            }
        }
        root.setRowCount(rows.size());
        return root;
    }

    private static void set(FieldVector vector, int index, Object value) {
        if (value == null) {
            vector.setNull(index);
        } else if (vector instanceof BitVector bits) {
            bits.setSafe(index, (Boolean) value ? 1 : 0);
        } else if (vector instanceof IntVector ints) {
            ints.setSafe(index, (Integer) value);
        } else if (vector instanceof BigIntVector longs) {
            longs.setSafe(index, (Long) value);
        } else if (vector instanceof Float8Vector doubles) {
            doubles.setSafe(index, (Double) value);
        } else if (vector instanceof DecimalVector decimals) {
            decimals.setSafe(index, (BigDecimal) value);
        } else if (vector instanceof VarCharVector strings) {
            strings.setSafe(index, ((String) value).getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof DateDayVector dates) {
            dates.setSafe(index, (int) ((LocalDate) value).toEpochDay());
        } else if (vector instanceof TimeStampMilliVector timestamps) {
            timestamps.setSafe(index, ((LocalDateTime) value).toInstant(ZoneOffset.UTC).toEpochMilli());
        } else {
            throw new IllegalArgumentException("no test support for " + vector.getField());
        }
    }

    /** The rows of a batch as Java values. */
    public static List<List<Object>> rows(VectorSchemaRoot root) {
        List<List<Object>> rows = new ArrayList<>();
        for (int rowIndex = 0; rowIndex < root.getRowCount(); rowIndex++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector vector : root.getFieldVectors()) {
                row.add(get(vector, rowIndex));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object get(FieldVector vector, int index) {
        if (vector.isNull(index)) {
            return null;
        }
        if (vector instanceof BitVector bits) {
            return bits.get(index) != 0;
        }
        if (vector instanceof VarCharVector strings) {
            return new String(strings.get(index), StandardCharsets.UTF_8);
        }
        if (vector instanceof DateDayVector dates) {
            return LocalDate.ofEpochDay(dates.get(index));
        }
        if (vector instanceof TimeStampMilliVector timestamps) {
            return LocalDateTime.ofEpochSecond(Math.floorDiv(timestamps.get(index), 1000),
                    Math.floorMod(timestamps.get(index), 1000) * 1_000_000, ZoneOffset.UTC);
        }
        return vector.getObject(index); // Integer, Long, Double, BigDecimal
    }
}
