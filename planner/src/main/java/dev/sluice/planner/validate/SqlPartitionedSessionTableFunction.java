package dev.sluice.planner.validate;

import org.apache.calcite.sql.SqlSessionTableFunction;
import org.apache.calcite.sql.TableCharacteristic;
import org.apache.calcite.sql.type.SqlReturnTypeInference;

/**
 * Calcite's {@code SESSION} window table function that also accepts Flink's form,
 * {@code SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), gap)}, besides Calcite's
 * {@code SESSION(TABLE t, DESCRIPTOR(ts), DESCRIPTOR(k), gap)}.
 *
 * <p>Calcite allows {@code PARTITION BY} only on a table argument with set semantics; declaring the table argument
 * so is what this class does. The conversion to relational algebra then puts a hash exchange on the partition keys
 * under the table function scan, so the keys stay visible to the streaming planner. Like the other window
 * functions, it adds {@code window_time} too ({@link WindowColumns}).
 */
public final class SqlPartitionedSessionTableFunction extends SqlSessionTableFunction {
    private static final TableCharacteristic TABLE_ARGUMENT =
            TableCharacteristic.builder(TableCharacteristic.Semantics.SET).passColumnsThrough().build();

    @Override
    public SqlReturnTypeInference getRowTypeInference() {
        return WindowColumns.ROW_TYPE;
    }

    @Override
    public TableCharacteristic tableCharacteristic(int ordinal) {
        return ordinal == 0 ? TABLE_ARGUMENT : null;
    }
}
