package dev.sluice.planner.validate;

import org.apache.calcite.sql.SqlTumbleTableFunction;
import org.apache.calcite.sql.type.SqlReturnTypeInference;

/** Calcite's {@code TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])}, adding {@code window_time} too. */
public final class SluiceTumbleTableFunction extends SqlTumbleTableFunction {
    @Override
    public SqlReturnTypeInference getRowTypeInference() {
        return WindowColumns.ROW_TYPE;
    }
}
