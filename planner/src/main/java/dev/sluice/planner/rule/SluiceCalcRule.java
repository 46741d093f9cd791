package dev.sluice.planner.rule;

import dev.sluice.planner.physical.SluiceCalc;
import dev.sluice.planner.physical.SluiceRel;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalCalc;

/** A logical Calc becomes a {@link SluiceCalc}; its program (filter and projections) is kept as it is. */
public final class SluiceCalcRule extends ConverterRule {
    public static final Config DEFAULT = Config.INSTANCE
            .withConversion(LogicalCalc.class, Convention.NONE, SluiceRel.CONVENTION, "SluiceCalcRule")
            .withRuleFactory(SluiceCalcRule::new);

    private SluiceCalcRule(Config config) {
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
        LogicalCalc calc = (LogicalCalc) rel;
        return new SluiceCalc(calc.getCluster(), calc.getTraitSet().replace(SluiceRel.CONVENTION),
                calc.getInput(), calc.getProgram());
    }
}
