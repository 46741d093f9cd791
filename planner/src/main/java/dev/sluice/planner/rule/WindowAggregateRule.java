package dev.sluice.planner.rule;

import dev.sluice.planner.logical.LogicalWindowAggregate;
import dev.sluice.planner.logical.LogicalWindowTableFunction;
import dev.sluice.planner.plan.UnsupportedInStreamingException;
import dev.sluice.planner.validate.WindowColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.validate.SqlValidatorUtil;

/**
 * {@code GROUP BY window_start, window_end[, window_time], keys} over a window table function becomes a
 * {@link LogicalWindowAggregate} over the function's input, with a projection on each side:
 *
 * <ul>
 *   <li>below, the aggregation's input columns over the function's input: the time column, the group keys and the
 *       calls' arguments and filters (each distinct expression once). It becomes the pipelines' Calc;</li>
 *   <li>above, the aggregation's columns in the order the query had them, for whatever reads them (HAVING, the
 *       select list). It becomes the state stage's Calc.</li>
 * </ul>
 *
 * <p>The window columns may only be grouped by, and both {@code window_start} and {@code window_end} must be
 * (Flink's rule): a window aggregation emits one row per window. SESSION's {@code PARTITION BY} columns must be group
 * keys too, since sessions are per group key. Anything else is an error at the function.
 */
public final class WindowAggregateRule extends RelRule<RuleConfig<WindowAggregateRule>> {
    /** An aggregation over a projection of the window function's output: what a query converts to. */
    public static final RuleConfig<WindowAggregateRule> PROJECT = RuleConfig.of("WindowAggregateRule:project",
            b0 -> b0.operand(LogicalAggregate.class)
                    .predicate(aggregate -> aggregate.getGroupType() == Aggregate.Group.SIMPLE)
                    .oneInput(b1 -> b1.operand(LogicalProject.class)
                            .oneInput(b2 -> b2.operand(LogicalWindowTableFunction.class).anyInputs())),
            WindowAggregateRule::new);

    /** An aggregation right over the window function (its projection was the identity, and removed). */
    public static final RuleConfig<WindowAggregateRule> DIRECT = RuleConfig.of("WindowAggregateRule:direct",
            b0 -> b0.operand(LogicalAggregate.class)
                    .predicate(aggregate -> aggregate.getGroupType() == Aggregate.Group.SIMPLE)
                    .oneInput(b1 -> b1.operand(LogicalWindowTableFunction.class).anyInputs()),
            WindowAggregateRule::new);

    private WindowAggregateRule(RuleConfig<WindowAggregateRule> config) {
        super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalAggregate aggregate = call.rel(0);
        LogicalWindowTableFunction window = call.rel(call.rels.length - 1);
        RexBuilder rexBuilder = aggregate.getCluster().getRexBuilder();
        List<RexNode> expressions = call.rels.length == 3
                ? ((LogicalProject) call.rel(1)).getProjects()
                : rexBuilder.identityProjects(window.getRowType());
        String function = window.window().kind().name();
        int firstWindowColumn = window.firstWindowColumn();
        RelNode input = window.getInput();

        InputColumns inputColumns = new InputColumns(input);
        int timeColumn = inputColumns.add(rexBuilder.makeInputRef(input, window.window().timeColumn()));
        List<Integer> groupKeys = new ArrayList<>();
        // Where each of the aggregate's output columns is in the new aggregate's output.
        List<Integer> outputs = new ArrayList<>();
        boolean[] grouped = new boolean[WindowColumns.NAMES.size()];
        List<Integer> keyPositions = new ArrayList<>();
        for (int group : aggregate.getGroupSet()) {
            RexNode expression = expressions.get(group);
            int windowColumn = windowColumn(expression, firstWindowColumn);
            if (windowColumn >= 0) {
                grouped[windowColumn] = true;
                outputs.add(windowColumn);
            } else {
                checkReadsNoWindowColumn(expression, firstWindowColumn, function);
                groupKeys.add(inputColumns.add(expression));
                keyPositions.add(outputs.size());
                outputs.add(-1);   // filled in below, once the number of window columns is known
            }
        }
        if (!grouped[0] || !grouped[1]) {
            throw UnsupportedInStreamingException.at("the rows of " + function + " must be grouped by window_start"
                    + " and window_end (GROUP BY window_start, window_end[, window_time][, keys]): a window"
                    + " aggregation emits one row per window", function);
        }
        for (int key = 0; key < keyPositions.size(); key++) {
            outputs.set(keyPositions.get(key), WindowColumns.NAMES.size() + key);
        }
        for (int partitionKey : window.partitionKeys()) {
            int column = inputColumns.add(rexBuilder.makeInputRef(input, partitionKey));
            if (!groupKeys.contains(column)) {
                String name = input.getRowType().getFieldList().get(partitionKey).getName();
                throw UnsupportedInStreamingException.at("SESSION's PARTITION BY column '" + name + "' must also be"
                        + " in GROUP BY: sessions are per group key", function);
            }
        }
        List<AggregateCall> calls = new ArrayList<>();
        for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
            List<Integer> arguments = new ArrayList<>();
            for (int argument : aggregateCall.getArgList()) {
                RexNode expression = expressions.get(argument);
                checkReadsNoWindowColumn(expression, firstWindowColumn, function);
                arguments.add(inputColumns.add(expression));
            }
            int filter = -1;
            if (aggregateCall.hasFilter()) {
                RexNode expression = expressions.get(aggregateCall.filterArg);
                checkReadsNoWindowColumn(expression, firstWindowColumn, function);
                filter = inputColumns.add(expression);
            }
            outputs.add(WindowColumns.NAMES.size() + groupKeys.size() + calls.size());
            calls.add(aggregateCall.withArgList(arguments).withFilter(filter));
        }

        RelNode below = inputColumns.project();
        LogicalWindowAggregate windowAggregate = new LogicalWindowAggregate(aggregate.getCluster(),
                aggregate.getTraitSet(), below, window.window().withTimeColumn(timeColumn), groupKeys, calls);
        List<RexNode> above = new ArrayList<>();
        for (int output : outputs) {
            above.add(rexBuilder.makeInputRef(windowAggregate, output));
        }
        call.transformTo(LogicalProject.create(windowAggregate, List.of(), above,
                aggregate.getRowType().getFieldNames(), Set.of()));
    }

    /** 0, 1 or 2 when {@code expression} is window_start, window_end or window_time; else -1. */
    private static int windowColumn(RexNode expression, int firstWindowColumn) {
        if (expression instanceof RexInputRef reference && reference.getIndex() >= firstWindowColumn) {
            return reference.getIndex() - firstWindowColumn;
        }
        return -1;
    }

    private static void checkReadsNoWindowColumn(RexNode expression, int firstWindowColumn, String function) {
        if (RelOptUtil.InputFinder.bits(expression).length() > firstWindowColumn) {
            throw UnsupportedInStreamingException.at("window_start, window_end and window_time of " + function
                    + " can only be grouped by as they are, not used in expressions or aggregate functions below"
                    + " the GROUP BY; compute with them in the select list", function);
        }
    }

    /** The aggregation's input columns as they are collected: expressions over the window function's input. */
    private static final class InputColumns {
        private final RelNode input;
        private final List<RexNode> expressions = new ArrayList<>();
        private final List<String> names = new ArrayList<>();

        InputColumns(RelNode input) {
            this.input = input;
        }

        /** The column of {@code expression}, added unless it is there already. */
        int add(RexNode expression) {
            int index = expressions.indexOf(expression);
            if (index >= 0) {
                return index;
            }
            expressions.add(expression);
            List<RelDataTypeField> fields = input.getRowType().getFieldList();
            names.add(expression instanceof RexInputRef reference
                    ? fields.get(reference.getIndex()).getName() : "$f" + names.size());
            return expressions.size() - 1;
        }

        RelNode project() {
            return LogicalProject.create(input, List.of(), expressions, SqlValidatorUtil.uniquify(names, false),
                    Set.of());
        }
    }
}
