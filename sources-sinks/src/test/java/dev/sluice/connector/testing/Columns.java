package dev.sluice.connector.testing;

import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Nullable columns of the SQL types, as the planner hands them to connectors, for building test schemas. */
public final class Columns {
    private Columns() {}

    public static Schema schema(Field... columns) {
        return new Schema(List.of(columns));
    }

    public static Field booleanColumn(String name) {
        return nullable(name, ArrowType.Bool.INSTANCE);
    }

    public static Field intColumn(String name) {
        return nullable(name, new ArrowType.Int(32, true));
    }

    public static Field bigintColumn(String name) {
        return nullable(name, new ArrowType.Int(64, true));
    }

    public static Field doubleColumn(String name) {
        return nullable(name, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    }

    public static Field decimalColumn(String name, int precision, int scale) {
        return nullable(name, new ArrowType.Decimal(precision, scale, 128));
    }

    public static Field varcharColumn(String name) {
        return nullable(name, ArrowType.Utf8.INSTANCE);
    }

    public static Field dateColumn(String name) {
        return nullable(name, new ArrowType.Date(DateUnit.DAY));
    }

    /** TIMESTAMP(3): milliseconds, no time zone, values in UTC. */
    public static Field timestampColumn(String name) {
        return nullable(name, new ArrowType.Timestamp(TimeUnit.MILLISECOND, null));
    }

    /** The same column, declared NOT NULL. */
    public static Field notNull(Field column) {
        return new Field(column.getName(), FieldType.notNullable(column.getType()), null);
    }

    private static Field nullable(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }
}
