package dev.sluice.planner.physical;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Union;

/** UNION ALL: each input is a pipeline of its own, and all of them write to the sink. */
public final class SluiceUnion extends Union implements SluiceRel {
    public SluiceUnion(RelOptCluster cluster, RelTraitSet traitSet, List<RelNode> inputs) {
        super(cluster, traitSet, List.of(), inputs, true);
    }

    @Override
    public SetOp copy(RelTraitSet traitSet, List<RelNode> inputs, boolean all) {
        if (!all) {
            throw new IllegalArgumentException("a Sluice union keeps duplicates (UNION ALL)");
        }
        return new SluiceUnion(getCluster(), traitSet, inputs);
    }
}
