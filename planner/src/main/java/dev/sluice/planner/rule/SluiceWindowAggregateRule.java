package dev.sluice.planner.rule;

import dev.sluice.planner.logical.LogicalWindowAggregate;
import dev.sluice.planner.physical.SluiceAggregate;
import dev.sluice.planner.physical.SluiceRel;
import java.util.Optional;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;

/** A window aggregation ({@link LogicalWindowAggregate}) becomes a {@link SluiceAggregate} with its window. */
public final class SluiceWindowAggregateRule extends ConverterRule {
    public static final Config DEFAULT = Config.INSTANCE
            .withConversion(LogicalWindowAggregate.class, Convention.NONE, SluiceRel.CONVENTION,
                    "SluiceWindowAggregateRule")
            .withRuleFactory(SluiceWindowAggregateRule::new);

    private SluiceWindowAggregateRule(Config config) {
        super(config);
    }

    /** Not guaranteed, and inputs taken as they are: see {@link SluiceCalcRule#isGuaranteed()}. */
    @Override
    public boolean isGuaranteed() {
        return false;
    }

    @Override
    public RelNode convert(RelNode rel) {
        LogicalWindowAggregate aggregate = (LogicalWindowAggregate) rel;
        return new SluiceAggregate(aggregate.getCluster(), aggregate.getTraitSet().replace(SluiceRel.CONVENTION),
                aggregate.getInput(), Optional.of(aggregate.window()), aggregate.groupKeys(), aggregate.calls(),
                aggregate.getRowType());
    }
}
