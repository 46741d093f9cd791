package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.DataType;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The Arrow type of each SQL type, the same mapping the connectors use: BOOLEAN = Bit, INT = Int(32), BIGINT =
 * Int(64), DOUBLE = Float8, DECIMAL(p,s) = Decimal(p,s,128), VARCHAR = Utf8, DATE = Date(DAY), TIMESTAMP(3) =
 * Timestamp(MILLISECOND, no zone).
 */
public final class ArrowTypes {
    private ArrowTypes() {
    }

    /** The Arrow type of a SQL type that can be a column; intervals, units and NULL cannot. */
    public static ArrowType arrowType(DataType type) {
        return switch (type.getKind()) {
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case INT -> new ArrowType.Int(32, true);
            case BIGINT -> new ArrowType.Int(64, true);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL -> new ArrowType.Decimal(type.getPrecision(), type.getScale(), 128);
            case VARCHAR -> ArrowType.Utf8.INSTANCE;
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
            case NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new ExpressionException("type " + type.getKind() + " cannot be an output column");
        };
    }

    public static FieldType fieldType(DataType type) {
        return new FieldType(true, arrowType(type), null);
    }

    /** The SQL type of an Arrow input column, or an error naming the column. */
    public static DataType sqlType(ArrowType arrowType, String columnName) {
        DataType.Builder builder = DataType.newBuilder().setNullable(true);
        if (arrowType instanceof ArrowType.Bool) {
            return builder.setKind(DataType.Kind.BOOLEAN).build();
        }
        if (arrowType instanceof ArrowType.Int integer && integer.getIsSigned()
                && (integer.getBitWidth() == 32 || integer.getBitWidth() == 64)) {
            return builder.setKind(integer.getBitWidth() == 32 ? DataType.Kind.INT : DataType.Kind.BIGINT).build();
        }
        if (arrowType instanceof ArrowType.FloatingPoint floating
                && floating.getPrecision() == FloatingPointPrecision.DOUBLE) {
            return builder.setKind(DataType.Kind.DOUBLE).build();
        }
        if (arrowType instanceof ArrowType.Decimal decimal && decimal.getBitWidth() == 128) {
            return builder.setKind(DataType.Kind.DECIMAL).setPrecision(decimal.getPrecision())
                    .setScale(decimal.getScale()).build();
        }
        if (arrowType instanceof ArrowType.Utf8) {
            return builder.setKind(DataType.Kind.VARCHAR).build();
        }
        if (arrowType instanceof ArrowType.Date date && date.getUnit() == DateUnit.DAY) {
            return builder.setKind(DataType.Kind.DATE).build();
        }
        if (arrowType instanceof ArrowType.Timestamp timestamp && timestamp.getUnit() == TimeUnit.MILLISECOND
                && timestamp.getTimezone() == null) {
            return builder.setKind(DataType.Kind.TIMESTAMP).build();
        }
        throw new ExpressionException("input column " + columnName + " has Arrow type " + arrowType
                + ", which no SQL type maps to");
    }
}
