package dev.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.validate.SluiceTypeSystem;
import java.util.Optional;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A type a table column can have, and its Arrow form (what connectors read and write).
 *
 * <ul>
 *   <li>BOOLEAN: Bool (a bit)
 *   <li>INT: Int(32, signed)
 *   <li>BIGINT: Int(64, signed)
 *   <li>DOUBLE: FloatingPoint(DOUBLE)
 *   <li>DECIMAL(p, s): Decimal(p, s, 128 bits)
 *   <li>VARCHAR: Utf8
 *   <li>DATE: Date(DAY)
 *   <li>TIMESTAMP(3): Timestamp(MILLISECOND, no time zone)
 * </ul>
 *
 * @param kind which type
 * @param precision DECIMAL's precision (1 to 38); 3 for TIMESTAMP; 0 for the others
 * @param scale DECIMAL's scale (0 to precision); 0 for the others
 */
public record ColumnType(Kind kind, int precision, int scale) {
    /** The supported types; {@code STRING} and {@code VARCHAR(n)} are spellings of {@link #VARCHAR}. */
    public enum Kind { BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL, VARCHAR, DATE, TIMESTAMP }

    public static final ColumnType BOOLEAN = new ColumnType(Kind.BOOLEAN, 0, 0);
    public static final ColumnType INT = new ColumnType(Kind.INT, 0, 0);
    public static final ColumnType BIGINT = new ColumnType(Kind.BIGINT, 0, 0);
    public static final ColumnType DOUBLE = new ColumnType(Kind.DOUBLE, 0, 0);
    public static final ColumnType VARCHAR = new ColumnType(Kind.VARCHAR, 0, 0);
    public static final ColumnType DATE = new ColumnType(Kind.DATE, 0, 0);
    public static final ColumnType TIMESTAMP = new ColumnType(Kind.TIMESTAMP, SluiceTypeSystem.TIMESTAMP_PRECISION, 0);

    /** What an error lists as the choices. */
    public static final String SUPPORTED = "BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(p, s), VARCHAR (or STRING), DATE,"
            + " TIMESTAMP(3)";

    public ColumnType {
        requireNonNull(kind, "kind is null");
        switch (kind) {
            case DECIMAL -> {
                if (precision < 1 || precision > SluiceTypeSystem.MAX_DECIMAL_PRECISION) {
                    throw new IllegalArgumentException("DECIMAL precision must be 1 to "
                            + SluiceTypeSystem.MAX_DECIMAL_PRECISION + ": " + precision);
                }
                if (scale < 0 || scale > precision) {
                    throw new IllegalArgumentException("DECIMAL scale must be 0 to the precision " + precision + ": "
                            + scale);
                }
            }
            case TIMESTAMP -> {
                if (precision != SluiceTypeSystem.TIMESTAMP_PRECISION || scale != 0) {
                    throw new IllegalArgumentException("TIMESTAMP is TIMESTAMP(3) only: " + precision + ", " + scale);
                }
            }
            case BOOLEAN, INT, BIGINT, DOUBLE, VARCHAR, DATE -> {
                if (precision != 0 || scale != 0) {
                    throw new IllegalArgumentException(kind + " has no precision or scale: " + precision + ", "
                            + scale);
                }
            }
        }
    }

    public static ColumnType decimal(int precision, int scale) {
        return new ColumnType(Kind.DECIMAL, precision, scale);
    }

    /** The Arrow type of this column in the batches connectors read and write. */
    public ArrowType arrowType() {
        return switch (kind) {
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case INT -> new ArrowType.Int(32, true);
            case BIGINT -> new ArrowType.Int(64, true);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL -> new ArrowType.Decimal(precision, scale, 128);
            case VARCHAR -> ArrowType.Utf8.INSTANCE;
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
        };
    }

    /** The Calcite type; VARCHAR has no length limit. */
    public RelDataType toRelDataType(RelDataTypeFactory typeFactory, boolean nullable) {
        RelDataType type = switch (kind) {
            case BOOLEAN -> typeFactory.createSqlType(SqlTypeName.BOOLEAN);
            case INT -> typeFactory.createSqlType(SqlTypeName.INTEGER);
            case BIGINT -> typeFactory.createSqlType(SqlTypeName.BIGINT);
            case DOUBLE -> typeFactory.createSqlType(SqlTypeName.DOUBLE);
            case DECIMAL -> typeFactory.createSqlType(SqlTypeName.DECIMAL, precision, scale);
            case VARCHAR -> typeFactory.createSqlType(SqlTypeName.VARCHAR);
            case DATE -> typeFactory.createSqlType(SqlTypeName.DATE);
            case TIMESTAMP -> typeFactory.createSqlType(SqlTypeName.TIMESTAMP, precision);
        };
        return typeFactory.createTypeWithNullability(type, nullable);
    }

    /**
     * The column type for a Calcite type (a computed column's), if a table can hold it: CHAR(n), which string
     * literals have, becomes VARCHAR; TIMESTAMP of precision up to 3 becomes TIMESTAMP(3).
     */
    public static Optional<ColumnType> of(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case BOOLEAN -> Optional.of(BOOLEAN);
            case INTEGER -> Optional.of(INT);
            case BIGINT -> Optional.of(BIGINT);
            case DOUBLE -> Optional.of(DOUBLE);
            case DECIMAL -> Optional.of(decimal(type.getPrecision(), type.getScale()));
            case CHAR, VARCHAR -> Optional.of(VARCHAR);
            case DATE -> Optional.of(DATE);
            // TIMESTAMP(0..2) (a literal such as TIMESTAMP '2026-01-01 00:00:00') widens without loss
            case TIMESTAMP -> type.getPrecision() <= SluiceTypeSystem.TIMESTAMP_PRECISION
                    ? Optional.of(TIMESTAMP) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** The SQL spelling: {@code DECIMAL(10, 2)}, {@code TIMESTAMP(3)}, {@code BIGINT}. */
    @Override
    public String toString() {
        return switch (kind) {
            case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
            case TIMESTAMP -> "TIMESTAMP(" + precision + ")";
            case BOOLEAN, INT, BIGINT, DOUBLE, VARCHAR, DATE -> kind.name();
        };
    }
}
