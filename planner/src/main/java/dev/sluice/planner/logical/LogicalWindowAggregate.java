package dev.sluice.planner.logical;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.validate.SluiceTypeSystem;
import dev.sluice.planner.validate.WindowColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.util.ImmutableIntList;

/**
 * {@code GROUP BY window_start, window_end[, window_time], keys} over a window table function, as one node: the
 * windows are assigned inside the aggregation (a row of a HOP window counts in several), so the input is the
 * window function's input and carries no window columns.
 *
 * <p>Output columns, in the plan's order: {@code window_start}, {@code window_end}, {@code window_time}
 * ({@link WindowColumns}), then the group keys in order, then one column per call in order. Logical: the physical
 * rules turn it into a {@link dev.sluice.planner.physical.SluiceAggregate}.
 */
public final class LogicalWindowAggregate extends SingleRel {
    private final TimeWindow window;
    private final ImmutableIntList groupKeys;
    private final List<AggregateCall> calls;

    /**
     * @param window the windows, its time column an input column
     * @param groupKeys input columns, in output order (besides the window)
     * @param calls aggregate calls over input columns, with their result types and names
     */
    public LogicalWindowAggregate(RelOptCluster cluster, RelTraitSet traitSet, RelNode input, TimeWindow window,
            List<Integer> groupKeys, List<AggregateCall> calls) {
        super(cluster, traitSet, input);
        this.window = requireNonNull(window, "window is null");
        this.groupKeys = ImmutableIntList.copyOf(requireNonNull(groupKeys, "groupKeys is null"));
        this.calls = List.copyOf(requireNonNull(calls, "calls is null"));
    }

    public TimeWindow window() {
        return window;
    }

    public ImmutableIntList groupKeys() {
        return groupKeys;
    }

    public List<AggregateCall> calls() {
        return calls;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new LogicalWindowAggregate(getCluster(), traitSet, sole(inputs), window, groupKeys, calls);
    }

    @Override
    protected RelDataType deriveRowType() {
        return rowType(getCluster().getTypeFactory(), getInput().getRowType(), true, groupKeys, calls);
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return super.explainTerms(writer)
                .item("window", window)
                .item("keys", AggregateText.keys(groupKeys))
                .item("calls", AggregateText.calls(calls));
    }

    /**
     * The output columns of an aggregation over {@code input}: the window columns when {@code windowed}, the group
     * keys (named and typed as their input columns), then the calls (named by the call, else {@code $f<i>}).
     */
    public static RelDataType rowType(RelDataTypeFactory typeFactory, RelDataType input, boolean windowed,
            List<Integer> groupKeys, List<AggregateCall> calls) {
        List<String> names = new ArrayList<>();
        List<RelDataType> types = new ArrayList<>();
        if (windowed) {
            for (String name : WindowColumns.NAMES) {
                names.add(name);
                types.add(typeFactory.createSqlType(SqlTypeName.TIMESTAMP, SluiceTypeSystem.TIMESTAMP_PRECISION));
            }
        }
        List<RelDataTypeField> fields = input.getFieldList();
        for (int key : groupKeys) {
            names.add(fields.get(key).getName());
            types.add(fields.get(key).getType());
        }
        for (AggregateCall call : calls) {
            names.add(call.getName() == null ? "$f" + names.size() : call.getName());
            types.add(call.getType());
        }
        return typeFactory.createStructType(types, SqlValidatorUtil.uniquify(names, false));
    }
}
