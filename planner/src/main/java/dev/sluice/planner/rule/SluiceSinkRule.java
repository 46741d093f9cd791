package dev.sluice.planner.rule;

import dev.sluice.planner.physical.SluiceRel;
import dev.sluice.planner.physical.SluiceSink;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalTableModify;

/** {@code INSERT INTO} becomes a {@link SluiceSink}. */
public final class SluiceSinkRule extends ConverterRule {
    public static final Config DEFAULT = Config.INSTANCE
            .withConversion(LogicalTableModify.class,
                    (LogicalTableModify modify) -> modify.getOperation() == TableModify.Operation.INSERT,
                    Convention.NONE, SluiceRel.CONVENTION, "SluiceSinkRule")
            .withRuleFactory(SluiceSinkRule::new);

    private SluiceSinkRule(Config config) {
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
        LogicalTableModify modify = (LogicalTableModify) rel;
        return new SluiceSink(modify.getCluster(), modify.getTraitSet().replace(SluiceRel.CONVENTION),
                modify.getTable(), modify.getCatalogReader(), modify.getInput());
    }
}
