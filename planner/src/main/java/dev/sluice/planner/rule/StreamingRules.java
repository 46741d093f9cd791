package dev.sluice.planner.rule;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.PruneEmptyRules;

/**
 * Every rule the planner runs, in one place, and the order it runs them in.
 *
 * <p>Stateless queries need Calcite's own rules and the converter rules to Sluice's physical nodes; stateful ones
 * add the window rules of {@link #WINDOWS} and the aggregate converters. Each of Sluice's rules is one class with
 * its own {@code Config}.
 */
public final class StreamingRules {
    /**
     * Phase 1, on logical Project/Filter/Union nodes: push filters below projections (so a filter on a computed
     * column reads the inlined expression over the scan's physical columns), merge and remove projections and
     * filters, push both into the branches of UNION ALL and flatten nested unions, and fold constants and simplify
     * expressions ({@code WHERE 1 = 1 AND x > 2 + 3} becomes {@code x > 5}; a filter that is always false becomes an
     * empty input, which the prune rules carry up through projections and out of unions). Run to a fixed point, as a group, because each rule exposes work for the others.
     */
    public static final List<RelOptRule> LOGICAL = List.of(
            CoreRules.FILTER_REDUCE_EXPRESSIONS,
            CoreRules.PROJECT_REDUCE_EXPRESSIONS,
            CoreRules.FILTER_PROJECT_TRANSPOSE,
            CoreRules.FILTER_MERGE,
            CoreRules.PROJECT_MERGE,
            CoreRules.PROJECT_REMOVE,
            CoreRules.FILTER_SET_OP_TRANSPOSE,
            CoreRules.PROJECT_SET_OP_TRANSPOSE,
            CoreRules.UNION_MERGE,
            CoreRules.UNION_REMOVE,
            PruneEmptyRules.PROJECT_INSTANCE,
            PruneEmptyRules.FILTER_INSTANCE,
            PruneEmptyRules.UNION_INSTANCE);

    /**
     * Run with {@link #LOGICAL}, because each exposes work for the other: window table functions become
     * {@link dev.sluice.planner.logical.LogicalWindowTableFunction}s, filters that do not read the window columns
     * move below them, and {@code GROUP BY window_start, window_end, ...} over one becomes a
     * {@link dev.sluice.planner.logical.LogicalWindowAggregate} between two projections, which the logical rules
     * then merge and push down like any other.
     */
    public static final List<RelOptRule> WINDOWS = List.of(
            WindowTableFunctionRule.DEFAULT.toRule(),
            WindowFilterTransposeRule.DEFAULT.toRule(),
            WindowAggregateRule.PROJECT.toRule(),
            WindowAggregateRule.DIRECT.toRule());

    /**
     * Phase 2: turn what is left of each branch into one Calc (filter and projection in a single pass over a
     * batch), fold the constants the merge exposes, and drop Calcs that pass their input through unchanged.
     */
    public static final List<RelOptRule> CALC = List.of(
            CoreRules.PROJECT_TO_CALC,
            CoreRules.FILTER_TO_CALC,
            CoreRules.CALC_MERGE,
            CoreRules.CALC_REDUCE_EXPRESSIONS,
            CoreRules.CALC_REMOVE);

    /**
     * Phase 3: logical nodes Sluice can run become physical ones ({@link dev.sluice.planner.physical.SluiceRel});
     * anything left logical is not supported yet, and the translator says so.
     */
    public static final List<RelOptRule> PHYSICAL = List.of(
            SluiceTableScanRule.DEFAULT.toRule(),
            SluiceCalcRule.DEFAULT.toRule(),
            SluiceUnionRule.DEFAULT.toRule(),
            SluiceAggregateRule.DEFAULT.toRule(),
            SluiceWindowAggregateRule.DEFAULT.toRule(),
            SluiceSinkRule.DEFAULT.toRule());

    private StreamingRules() {
    }

    /** Runs the rules of {@link #PHYSICAL}. */
    public static RelNode toPhysical(RelNode rel) {
        return run(rel, PHYSICAL, HepMatchOrder.BOTTOM_UP);
    }

    /** Runs the rules of {@link #LOGICAL} and {@link #WINDOWS}, to a fixed point. */
    public static RelNode optimizeLogical(RelNode rel) {
        List<RelOptRule> rules = new ArrayList<>(LOGICAL);
        rules.addAll(WINDOWS);
        return run(rel, rules, HepMatchOrder.BOTTOM_UP);
    }

    /** Runs the rules of {@link #CALC}, to a fixed point. */
    public static RelNode toCalcs(RelNode rel) {
        return run(rel, CALC, HepMatchOrder.BOTTOM_UP);
    }

    private static RelNode run(RelNode rel, List<RelOptRule> rules, HepMatchOrder order) {
        // The reduce-expressions rules take their executor from the cluster's planner, not from this one.
        if (!(rel.getCluster().getPlanner().getExecutor() instanceof ConstantFolding)) {
            rel.getCluster().getPlanner().setExecutor(ConstantFolding.INSTANCE);
        }
        HepProgram program = new HepProgramBuilder()
                .addMatchOrder(order)
                .addRuleCollection(rules)
                .build();
        HepPlanner planner = new HepPlanner(program, rel.getCluster().getPlanner().getContext());
        planner.setExecutor(ConstantFolding.INSTANCE);
        planner.setRoot(rel);
        return planner.findBestExp();
    }
}
