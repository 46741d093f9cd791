package dev.sluice.planner.validate;

import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;

/** Functions Sluice adds to Calcite's standard ones, as Flink users know them. */
public final class SluiceFunctions {
    /**
     * {@code DATE_FORMAT(timestamp, pattern)}: the timestamp (UTC) as text, in a {@code java.time.format
     * .DateTimeFormatter} pattern such as {@code 'yyyy-MM-dd HH:mm'}, as Flink has it. NULL when either is NULL.
     *
     * <p>Calcite's MySQL-library {@code DATE_FORMAT} takes MySQL's {@code %Y-%m-%d} patterns; this one is ours so
     * that the Nexmark SQL runs as written.
     */
    public static final SqlFunction DATE_FORMAT = new SqlFunction("DATE_FORMAT", SqlKind.OTHER_FUNCTION,
            ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.TO_NULLABLE), null,
            OperandTypes.family(SqlTypeFamily.TIMESTAMP, SqlTypeFamily.CHARACTER), SqlFunctionCategory.TIMEDATE);

    private SluiceFunctions() {
    }
}
