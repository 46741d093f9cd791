package dev.sluice.planner.validate;

import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's default type rules with the choices the engine's data layout makes:
 *
 * <ul>
 *   <li>DECIMAL goes up to precision 38 (Arrow's 128-bit decimal); a bare {@code DECIMAL} is
 *       {@code DECIMAL(10, 0)}, as in Flink and Spark.
 *   <li>TIMESTAMP is millisecond precision, {@code TIMESTAMP(3)}, whether or not the precision is written: the
 *       engine keeps event time in milliseconds (Arrow {@code Timestamp(MILLISECOND)}).
 *   <li>CASE and other unions of strings of different lengths are VARCHAR, never blank-padded CHAR.
 * </ul>
 *
 * Everything else is Calcite's: SUM and AVG of INT are INT, and so on.
 */
public final class SluiceTypeSystem extends RelDataTypeSystemImpl {
    public static final RelDataTypeSystem INSTANCE = new SluiceTypeSystem();

    public static final int MAX_DECIMAL_PRECISION = 38;
    public static final int DEFAULT_DECIMAL_PRECISION = 10;
    public static final int TIMESTAMP_PRECISION = 3;

    private SluiceTypeSystem() {
    }

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxPrecision(typeName);
    }

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxScale(typeName);
    }

    @Override
    public int getDefaultPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case DECIMAL -> DEFAULT_DECIMAL_PRECISION;
            case TIMESTAMP -> TIMESTAMP_PRECISION;
            default -> super.getDefaultPrecision(typeName);
        };
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }
}
