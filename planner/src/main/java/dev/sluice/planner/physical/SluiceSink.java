package dev.sluice.planner.physical;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;

/** Writes its input's rows to the sink table: the end of every pipeline. */
public final class SluiceSink extends TableModify implements SluiceRel {
    public SluiceSink(RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table,
            Prepare.CatalogReader catalogReader, RelNode input) {
        super(cluster, traitSet, table, catalogReader, input, Operation.INSERT, null, null, false);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new SluiceSink(getCluster(), traitSet, getTable(), getCatalogReader(), sole(inputs));
    }
}
