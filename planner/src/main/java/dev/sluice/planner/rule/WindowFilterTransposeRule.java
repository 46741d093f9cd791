package dev.sluice.planner.rule;

import dev.sluice.planner.logical.LogicalWindowTableFunction;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A filter over a window table function's output that reads none of the window columns moves below the function
 * ({@code FROM TABLE(TUMBLE(...)) WHERE price > 10}): the window columns come after the input's, so the condition
 * reads the same columns there. The filter then joins the pipeline's Calc, and the window its aggregation.
 */
public final class WindowFilterTransposeRule extends RelRule<RuleConfig<WindowFilterTransposeRule>> {
    public static final RuleConfig<WindowFilterTransposeRule> DEFAULT = RuleConfig.of("WindowFilterTransposeRule",
            b0 -> b0.operand(LogicalFilter.class)
                    .oneInput(b1 -> b1.operand(LogicalWindowTableFunction.class).anyInputs()),
            WindowFilterTransposeRule::new);

    private WindowFilterTransposeRule(RuleConfig<WindowFilterTransposeRule> config) {
        super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalFilter filter = call.rel(0);
        LogicalWindowTableFunction window = call.rel(1);
        ImmutableBitSet read = RelOptUtil.InputFinder.bits(filter.getCondition());
        if (!read.isEmpty() && read.length() > window.firstWindowColumn()) {
            return; // the condition reads a window column, which only exists above the function
        }
        LogicalFilter below = filter.copy(filter.getTraitSet(), window.getInput(), filter.getCondition());
        call.transformTo(window.copy(window.getTraitSet(), List.of(below)));
    }
}
