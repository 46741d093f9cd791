package dev.sluice.planner.rule;

import dev.sluice.planner.physical.SluiceRel;
import dev.sluice.planner.physical.SluiceUnion;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalUnion;

/**
 * UNION ALL becomes a {@link SluiceUnion}. UNION without ALL removes duplicates, which needs state, and stays
 * logical (not supported yet).
 */
public final class SluiceUnionRule extends ConverterRule {
    public static final Config DEFAULT = Config.INSTANCE
            .withConversion(LogicalUnion.class, (LogicalUnion union) -> union.all, Convention.NONE,
                    SluiceRel.CONVENTION, "SluiceUnionRule")
            .withRuleFactory(SluiceUnionRule::new);

    private SluiceUnionRule(Config config) {
        super(config);
    }

    /**
     * Not guaranteed, so that a HepPlanner fires it wherever it matches; a guaranteed converter rule fires there
     * only where a parent asks for the Sluice convention. Inputs are taken as they are, not converted: the
     * planner converts each node on its own, and an input no rule converts (an aggregate) stays logical, for
     * the translator to report.
     */
    @Override
    public boolean isGuaranteed() {
        return false;
    }

    @Override
    public RelNode convert(RelNode rel) {
        LogicalUnion union = (LogicalUnion) rel;
        return new SluiceUnion(union.getCluster(), union.getTraitSet().replace(SluiceRel.CONVENTION),
                union.getInputs());
    }
}
