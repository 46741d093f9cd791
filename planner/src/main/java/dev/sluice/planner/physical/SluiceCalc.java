package dev.sluice.planner.physical;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rex.RexProgram;

/** Filters and projects a batch in one pass: the plan's {@code Calc} operator. */
public final class SluiceCalc extends Calc implements SluiceRel {
    public SluiceCalc(RelOptCluster cluster, RelTraitSet traitSet, RelNode input, RexProgram program) {
        super(cluster, traitSet, List.of(), input, program);
    }

    @Override
    public Calc copy(RelTraitSet traitSet, RelNode child, RexProgram program) {
        return new SluiceCalc(getCluster(), traitSet, child, program);
    }
}
