package dev.sluice.planner.rule;

import dev.sluice.planner.physical.SluiceRel;
import dev.sluice.planner.physical.SluiceTableScan;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalTableScan;

/** A logical scan of a catalog table becomes a {@link SluiceTableScan}. */
public final class SluiceTableScanRule extends ConverterRule {
    public static final Config DEFAULT = Config.INSTANCE
            .withConversion(LogicalTableScan.class, Convention.NONE, SluiceRel.CONVENTION, "SluiceTableScanRule")
            .withRuleFactory(SluiceTableScanRule::new);

    private SluiceTableScanRule(Config config) {
        super(config);
    }

    /**
     * Not guaranteed, so that a HepPlanner fires it wherever it matches; a guaranteed converter rule fires there
     * only where a parent asks for the Sluice convention.
     */
    @Override
    public boolean isGuaranteed() {
        return false;
    }

    @Override
    public RelNode convert(RelNode rel) {
        LogicalTableScan scan = (LogicalTableScan) rel;
        return new SluiceTableScan(scan.getCluster(), scan.getTraitSet().replace(SluiceRel.CONVENTION),
                scan.getTable());
    }
}
