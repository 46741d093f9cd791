package dev.sluice.planner.logical;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.validate.SluiceTypeSystem;
import dev.sluice.planner.validate.WindowColumns;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableIntList;

/**
 * A window table function ({@code TUMBLE}, {@code HOP}, {@code CUMULATE}, {@code SESSION}) over its input: every
 * input column, then {@code window_start}, {@code window_end} and {@code window_time} ({@link WindowColumns}).
 *
 * <p>Calcite keeps the call as a {@code TableFunctionScan} whose arguments are expressions; this node holds what
 * they mean ({@link TimeWindow}, checked), so that rules can move filters below it and fold it into the
 * aggregation above it ({@link LogicalWindowAggregate}). Logical only: Sluice runs windows inside its stateful
 * aggregation, never on their own, so one left in a plan is an error the translator reports.
 */
public final class LogicalWindowTableFunction extends SingleRel {
    private final TimeWindow window;
    private final ImmutableIntList partitionKeys;

    /**
     * @param window the windows, its time column an input column
     * @param partitionKeys SESSION only: the input columns of {@code PARTITION BY} (or of Calcite's key
     *     {@code DESCRIPTOR}), which the sessions are per
     */
    public LogicalWindowTableFunction(RelOptCluster cluster, RelTraitSet traitSet, RelNode input, TimeWindow window,
            List<Integer> partitionKeys) {
        super(cluster, traitSet, input);
        this.window = requireNonNull(window, "window is null");
        this.partitionKeys = ImmutableIntList.copyOf(requireNonNull(partitionKeys, "partitionKeys is null"));
        int columns = input.getRowType().getFieldCount();
        if (window.timeColumn() >= columns) {
            throw new IllegalArgumentException("time column " + window.timeColumn() + " of an input of " + columns
                    + " columns");
        }
    }

    public TimeWindow window() {
        return window;
    }

    public ImmutableIntList partitionKeys() {
        return partitionKeys;
    }

    /** The index of the first window column ({@code window_start}); the others follow it. */
    public int firstWindowColumn() {
        return getInput().getRowType().getFieldCount();
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new LogicalWindowTableFunction(getCluster(), traitSet, sole(inputs), window, partitionKeys);
    }

    @Override
    protected RelDataType deriveRowType() {
        RelDataTypeFactory typeFactory = getCluster().getTypeFactory();
        RelDataType input = getInput().getRowType();
        RelDataTypeFactory.Builder builder = typeFactory.builder().addAll(input.getFieldList());
        for (String name : WindowColumns.NAMES) {
            builder.add(name, SqlTypeName.TIMESTAMP, SluiceTypeSystem.TIMESTAMP_PRECISION);
        }
        return builder.build();
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return super.explainTerms(writer)
                .item("window", window)
                .itemIf("partitionKeys", partitionKeys, !partitionKeys.isEmpty());
    }
}
