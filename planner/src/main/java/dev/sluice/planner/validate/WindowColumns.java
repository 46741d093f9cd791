package dev.sluice.planner.validate;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The columns every window table function adds to its table's: {@code window_start}, {@code window_end} and
 * {@code window_time}, all {@code TIMESTAMP(3) NOT NULL}, as in Flink.
 *
 * <p>Calcite's own window functions add only {@code window_start} and {@code window_end}; Flink's also add
 * {@code window_time} ({@code window_end} minus 1 ms, the last instant inside the window), which Flink queries
 * select and group by, so Sluice's functions add it too. Milliseconds whatever the time column's precision: event
 * time is kept in milliseconds everywhere.
 */
public final class WindowColumns {
    public static final String WINDOW_START = "window_start";
    public static final String WINDOW_END = "window_end";
    public static final String WINDOW_TIME = "window_time";

    /** The added columns, in the order they follow the table's. */
    public static final List<String> NAMES = List.of(WINDOW_START, WINDOW_END, WINDOW_TIME);

    /** The row type of a window table function: the table's columns, then {@link #NAMES}. */
    public static final SqlReturnTypeInference ROW_TYPE = WindowColumns::rowType;

    private WindowColumns() {
    }

    private static RelDataType rowType(SqlOperatorBinding binding) {
        RelDataType table = binding.getOperandType(0);
        RelDataTypeFactory typeFactory = binding.getTypeFactory();
        RelDataTypeFactory.Builder builder = typeFactory.builder()
                .kind(table.getStructKind())
                .addAll(table.getFieldList());
        for (String name : NAMES) {
            builder.add(name, SqlTypeName.TIMESTAMP, SluiceTypeSystem.TIMESTAMP_PRECISION);
        }
        return builder.build();
    }
}
