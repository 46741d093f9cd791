package dev.sluice.connector.datagen;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** The SQL column types datagen can generate, each with the one Arrow type that stands for it. */
enum ColumnType {
    BOOLEAN,
    INT,
    BIGINT,
    DOUBLE,
    DECIMAL,
    VARCHAR,
    DATE,
    TIMESTAMP;

    /** The SQL name, as a user wrote it in the DDL. */
    String sqlName() {
        return this == TIMESTAMP ? "TIMESTAMP(3)" : name();
    }

    /** The column's type, or null when datagen cannot generate its Arrow type. */
    static ColumnType of(Field field) {
        ArrowType type = field.getType();
        if (type instanceof ArrowType.Bool) {
            return BOOLEAN;
        }
        if (type instanceof ArrowType.Int integer && integer.getIsSigned()) {
            return switch (integer.getBitWidth()) {
                case 32 -> INT;
                case 64 -> BIGINT;
                default -> null;
            };
        }
        if (type instanceof ArrowType.FloatingPoint floating
                && floating.getPrecision() == FloatingPointPrecision.DOUBLE) {
            return DOUBLE;
        }
        if (type instanceof ArrowType.Decimal decimal && decimal.getBitWidth() == 128) {
            return DECIMAL;
        }
        if (type instanceof ArrowType.Utf8) {
            return VARCHAR;
        }
        if (type instanceof ArrowType.Date date && date.getUnit() == DateUnit.DAY) {
            return DATE;
        }
        if (type instanceof ArrowType.Timestamp timestamp && timestamp.getUnit() == TimeUnit.MILLISECOND
                && timestamp.getTimezone() == null) {
            return TIMESTAMP;
        }
        return null;
    }
}
