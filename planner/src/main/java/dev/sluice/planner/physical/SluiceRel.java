package dev.sluice.planner.physical;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;

/**
 * A physical node: one that Sluice can run, and the only kind {@link dev.sluice.planner.plan.PlanTranslator}
 * turns into plan protobuf. Logical nodes that no rule converts (an aggregate, a join, for now) stay logical, and
 * the translator reports them as not supported yet.
 */
public interface SluiceRel extends RelNode {
    /** The calling convention of Sluice's physical nodes. */
    Convention CONVENTION = new Convention.Impl("SLUICE", SluiceRel.class);
}
