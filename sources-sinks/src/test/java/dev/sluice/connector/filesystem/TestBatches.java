package dev.sluice.connector.filesystem;

import dev.sluice.connector.testing.Batches;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Column helpers for the filesystem tests; batches are built and read by {@link Batches}. Values per SQL type: BOOLEAN
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
        return Batches.build(allocator, schema, rows);
    }

    /** The rows of a batch as Java values. */
    public static List<List<Object>> rows(VectorSchemaRoot root) {
        return Batches.rows(root);
    }
}
