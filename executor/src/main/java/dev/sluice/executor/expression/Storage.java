package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.DataType;

/**
 * How a SQL type's values sit in a {@link Column}: one Java array kind per storage, so an expression's loop over a
 * batch touches exactly one primitive (or object) array and never boxes.
 */
public enum Storage {
    /** BOOLEAN in {@link Column#booleans}. */
    BOOLEAN,
    /** INT, BIGINT, DATE (days), TIMESTAMP (epoch ms), INTERVAL_DAY_TIME (ms), INTERVAL_YEAR_MONTH (months). */
    LONG,
    /** DOUBLE. */
    DOUBLE,
    /** DECIMAL(p, s) as BigDecimal with scale s. */
    DECIMAL,
    /** VARCHAR as java.lang.String. */
    STRING;

    /** The storage of a SQL type; NULL (the untyped null literal) and TIME_UNIT have none of their own. */
    public static Storage of(DataType type) {
        return switch (type.getKind()) {
            case BOOLEAN -> BOOLEAN;
            case INT, BIGINT, DATE, TIMESTAMP, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH -> LONG;
            case DOUBLE -> DOUBLE;
            case DECIMAL -> DECIMAL;
            case VARCHAR -> STRING;
            case NULL, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalArgumentException("type " + type.getKind() + " has no value storage");
        };
    }

    /** Whether values of the kind have a storage. */
    public static boolean isValueKind(DataType.Kind kind) {
        return switch (kind) {
            case BOOLEAN, INT, BIGINT, DATE, TIMESTAMP, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, DOUBLE, DECIMAL,
                    VARCHAR -> true;
            case NULL, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED -> false;
        };
    }
}
