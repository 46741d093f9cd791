package dev.sluice.planner.plan;

import dev.sluice.planner.catalog.ColumnType;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.validate.SluiceTypeSystem;
import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;

/** Calcite types and catalog column types as plan {@link DataType}s. */
public final class DataTypes {
    private DataTypes() {
    }

    /**
     * The plan type of a Calcite type. CHAR(n), the type of a string literal, is VARCHAR: the engine never pads
     * strings. TIMESTAMP(0) to TIMESTAMP(3) are all TIMESTAMP, in milliseconds. Time-unit flags ({@code EXTRACT(HOUR FROM ...)}) are TIME_UNIT.
     *
     * @throws UnsupportedInStreamingException for a type the engine has no representation of
     */
    public static DataType of(RelDataType type) {
        DataType.Builder builder = DataType.newBuilder().setNullable(type.isNullable());
        switch (type.getSqlTypeName()) {
            case BOOLEAN -> builder.setKind(DataType.Kind.BOOLEAN);
            case INTEGER -> builder.setKind(DataType.Kind.INT);
            case BIGINT -> builder.setKind(DataType.Kind.BIGINT);
            case DOUBLE, FLOAT -> builder.setKind(DataType.Kind.DOUBLE);
            case DECIMAL -> builder.setKind(DataType.Kind.DECIMAL)
                    .setPrecision(type.getPrecision())
                    .setScale(type.getScale());
            case CHAR, VARCHAR -> builder.setKind(DataType.Kind.VARCHAR);
            case DATE -> builder.setKind(DataType.Kind.DATE);
            case TIMESTAMP -> {
                // Milliseconds hold TIMESTAMP(0) to TIMESTAMP(3) exactly (a literal written without fractional
                // seconds is TIMESTAMP(0)); finer ones would be rounded.
                if (type.getPrecision() > SluiceTypeSystem.TIMESTAMP_PRECISION) {
                    throw unsupported(type);
                }
                builder.setKind(DataType.Kind.TIMESTAMP);
            }
            case NULL -> builder.setKind(DataType.Kind.NULL);
            case INTERVAL_DAY, INTERVAL_DAY_HOUR, INTERVAL_DAY_MINUTE, INTERVAL_DAY_SECOND, INTERVAL_HOUR,
                    INTERVAL_HOUR_MINUTE, INTERVAL_HOUR_SECOND, INTERVAL_MINUTE, INTERVAL_MINUTE_SECOND,
                    INTERVAL_SECOND -> builder.setKind(DataType.Kind.INTERVAL_DAY_TIME);
            case INTERVAL_YEAR, INTERVAL_YEAR_MONTH, INTERVAL_MONTH -> builder.setKind(DataType.Kind.INTERVAL_YEAR_MONTH);
            case SYMBOL -> builder.setKind(DataType.Kind.TIME_UNIT);
            default -> throw unsupported(type);
        }
        return builder.build();
    }

    /** The plan type of a table column. */
    public static DataType of(ColumnType type, boolean nullable) {
        DataType.Builder builder = DataType.newBuilder().setNullable(nullable);
        switch (type.kind()) {
            case BOOLEAN -> builder.setKind(DataType.Kind.BOOLEAN);
            case INT -> builder.setKind(DataType.Kind.INT);
            case BIGINT -> builder.setKind(DataType.Kind.BIGINT);
            case DOUBLE -> builder.setKind(DataType.Kind.DOUBLE);
            case DECIMAL -> builder.setKind(DataType.Kind.DECIMAL).setPrecision(type.precision()).setScale(type.scale());
            case VARCHAR -> builder.setKind(DataType.Kind.VARCHAR);
            case DATE -> builder.setKind(DataType.Kind.DATE);
            case TIMESTAMP -> builder.setKind(DataType.Kind.TIMESTAMP);
        }
        return builder.build();
    }

    /** Whether values of the two types are stored alike: same kind, precision and scale; nullability aside. */
    public static boolean sameRepresentation(DataType left, DataType right) {
        return left.getKind() == right.getKind() && left.getPrecision() == right.getPrecision()
                && left.getScale() == right.getScale();
    }

    private static UnsupportedInStreamingException unsupported(RelDataType type) {
        return new UnsupportedInStreamingException("type " + type.getFullTypeString()
                + " is not supported in streaming queries yet; use one of " + ColumnType.SUPPORTED, Optional.empty());
    }
}
