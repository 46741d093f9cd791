package dev.sluice.executor.operator;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sluice.executor.expression.ArrowTypes;
import dev.sluice.planner.plan.proto.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Test rows to and from Arrow batches. Values: Boolean, Integer (INT), Long (BIGINT), Double, BigDecimal, String,
 * LocalDate (DATE) and LocalDateTime (TIMESTAMP, UTC); null is SQL NULL.
 */
public final class Batches {
    private Batches() {
    }

    /** A column of a test schema. */
    public record ColumnSpec(String name, DataType type) {
    }

    public static ColumnSpec column(String name, DataType.Kind kind) {
        return new ColumnSpec(name, DataType.newBuilder().setKind(kind).setNullable(true).build());
    }

    public static ColumnSpec decimalColumn(String name, int precision, int scale) {
        return new ColumnSpec(name, DataType.newBuilder().setKind(DataType.Kind.DECIMAL).setPrecision(precision)
                .setScale(scale).setNullable(true).build());
    }

    public static Schema schema(ColumnSpec... columns) {
        List<Field> fields = new ArrayList<>();
        for (ColumnSpec column : columns) {
            fields.add(new Field(column.name(), ArrowTypes.fieldType(column.type()), null));
        }
        return new Schema(fields);
    }

    public static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    /** Refills {@code root} (its own schema) with {@code rows}, as a source reader refills its batch. */
    public static void fill(VectorSchemaRoot root, List<List<Object>> rows) {
        root.allocateNew();
        List<FieldVector> vectors = root.getFieldVectors();
        for (int r = 0; r < rows.size(); r++) {
            List<Object> row = rows.get(r);
            if (row.size() != vectors.size()) {
                throw new IllegalArgumentException("row " + r + " has " + row.size() + " values for "
                        + vectors.size() + " columns");
            }
            for (int c = 0; c < vectors.size(); c++) {
                set(vectors.get(c), r, row.get(c));
            }
        }
        root.setRowCount(rows.size());
    }

    private static void set(FieldVector vector, int row, Object value) {
        if (value == null) {
            vector.setNull(row);
            return;
        }
        if (vector instanceof BitVector bits) {
            bits.setSafe(row, (Boolean) value ? 1 : 0);
        } else if (vector instanceof IntVector ints) {
            ints.setSafe(row, (Integer) value);
        } else if (vector instanceof BigIntVector longs) {
            longs.setSafe(row, ((Number) value).longValue());
        } else if (vector instanceof Float8Vector doubles) {
            doubles.setSafe(row, ((Number) value).doubleValue());
        } else if (vector instanceof DecimalVector decimals) {
            decimals.setSafe(row, ((BigDecimal) value).setScale(decimals.getScale(), RoundingMode.UNNECESSARY));
        } else if (vector instanceof VarCharVector strings) {
            strings.setSafe(row, ((String) value).getBytes(UTF_8));
        } else if (vector instanceof DateDayVector dates) {
            dates.setSafe(row, (int) ((LocalDate) value).toEpochDay());
        } else if (vector instanceof TimeStampMilliVector timestamps) {
            timestamps.setSafe(row, ((LocalDateTime) value).toInstant(ZoneOffset.UTC).toEpochMilli());
        } else {
            throw new IllegalArgumentException("unsupported vector " + vector.getClass().getSimpleName());
        }
    }

    /** The rows of a batch, values as {@link #fill} takes them. */
    public static List<List<Object>> rows(VectorSchemaRoot root) {
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < root.getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector vector : root.getFieldVectors()) {
                row.add(get(vector, r));
            }
            rows.add(row);
        }
        return rows;
    }

    static Object get(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (vector instanceof VarCharVector strings) {
            return new String(strings.get(row), UTF_8);
        }
        if (vector instanceof DateDayVector dates) {
            return LocalDate.ofEpochDay(dates.get(row));
        }
        if (vector instanceof TimeStampMilliVector timestamps) {
            return LocalDateTime.ofEpochSecond(Math.floorDiv(timestamps.get(row), 1000),
                    Math.floorMod(timestamps.get(row), 1000) * 1_000_000, ZoneOffset.UTC);
        }
        return vector.getObject(row);
    }
}
