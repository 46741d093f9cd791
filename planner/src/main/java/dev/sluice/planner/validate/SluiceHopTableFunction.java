package dev.sluice.planner.validate;

import org.apache.calcite.sql.SqlHopTableFunction;
import org.apache.calcite.sql.type.SqlReturnTypeInference;

/** Calcite's {@code HOP(TABLE t, DESCRIPTOR(ts), slide, size [, offset])}, adding {@code window_time} too. */
public final class SluiceHopTableFunction extends SqlHopTableFunction {
    @Override
    public SqlReturnTypeInference getRowTypeInference() {
        return WindowColumns.ROW_TYPE;
    }
}
