package dev.sluice.planner.rule;

import dev.sluice.planner.physical.SluiceAggregate;
import dev.sluice.planner.physical.SluiceRel;
import java.util.Optional;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.logical.LogicalAggregate;

/**
 * {@code GROUP BY keys} (or no GROUP BY: one group) becomes a {@link SluiceAggregate} without a window. GROUPING
 * SETS, ROLLUP and CUBE stay logical (not supported). Whether the calls can run is the translator's to say, where
 * the error can name the function.
 */
public final class SluiceAggregateRule extends ConverterRule {
    public static final Config DEFAULT = Config.INSTANCE
            .withConversion(LogicalAggregate.class,
                    (LogicalAggregate aggregate) -> aggregate.getGroupType() == Aggregate.Group.SIMPLE,
                    Convention.NONE, SluiceRel.CONVENTION, "SluiceAggregateRule")
            .withRuleFactory(SluiceAggregateRule::new);

    private SluiceAggregateRule(Config config) {
        super(config);
    }

    /** Not guaranteed, and inputs taken as they are: see {@link SluiceCalcRule#isGuaranteed()}. */
    @Override
    public boolean isGuaranteed() {
        return false;
    }

    @Override
    public RelNode convert(RelNode rel) {
        LogicalAggregate aggregate = (LogicalAggregate) rel;
        return new SluiceAggregate(aggregate.getCluster(), aggregate.getTraitSet().replace(SluiceRel.CONVENTION),
                aggregate.getInput(), Optional.empty(), aggregate.getGroupSet().asList(), aggregate.getAggCallList(),
                aggregate.getRowType());
    }
}
