package dev.sluice.planner.physical;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.logical.AggregateText;
import dev.sluice.planner.logical.TimeWindow;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.util.ImmutableIntList;

/**
 * The stateful aggregation: {@code GROUP BY [window,] keys} with aggregate calls, the plan's {@code Aggregate}.
 * Its input is the scan stage (the pipelines); it runs in the state stage, one task per state partition, over the
 * state store.
 *
 * <p>Output columns: {@code window_start}, {@code window_end}, {@code window_time} when there is a window, then the
 * group keys in order, then one column per call in order.
 */
public final class SluiceAggregate extends SingleRel implements SluiceRel {
    private final Optional<TimeWindow> window;
    private final ImmutableIntList groupKeys;
    private final List<AggregateCall> calls;

    /**
     * @param rowType the output columns (see the class comment), as the logical node had them
     */
    public SluiceAggregate(RelOptCluster cluster, RelTraitSet traitSet, RelNode input, Optional<TimeWindow> window,
            List<Integer> groupKeys, List<AggregateCall> calls, RelDataType rowType) {
        super(cluster, traitSet, input);
        this.window = requireNonNull(window, "window is null");
        this.groupKeys = ImmutableIntList.copyOf(requireNonNull(groupKeys, "groupKeys is null"));
        this.calls = List.copyOf(requireNonNull(calls, "calls is null"));
        this.rowType = requireNonNull(rowType, "rowType is null");
        int expected = (window.isPresent() ? 3 : 0) + groupKeys.size() + calls.size();
        if (rowType.getFieldCount() != expected) {
            throw new IllegalArgumentException("an aggregate with " + groupKeys.size() + " keys and " + calls.size()
                    + " calls" + (window.isPresent() ? " over a window" : "") + " has " + expected
                    + " columns, not " + rowType.getFieldCount() + ": " + rowType);
        }
    }

    public Optional<TimeWindow> window() {
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
        return new SluiceAggregate(getCluster(), traitSet, sole(inputs), window, groupKeys, calls, rowType);
    }

    @Override
    protected RelDataType deriveRowType() {
        return rowType;
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return super.explainTerms(writer)
                .itemIf("window", window.orElse(null), window.isPresent())
                .item("keys", AggregateText.keys(groupKeys))
                .item("calls", AggregateText.calls(calls));
    }
}
