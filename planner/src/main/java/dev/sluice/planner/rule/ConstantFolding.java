package dev.sluice.planner.rule;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Evaluates constant expressions at plan time with Calcite's executor, with two differences that keep plan-time
 * folding true to the engine's semantics:
 *
 * <ul>
 *   <li>Integer arithmetic is evaluated with overflow checks. Calcite's executor wraps around like Java, but in
 *       Sluice {@code 2147483647 + 1} is an error, not {@code -2147483648}.
 *   <li>An expression the executor cannot evaluate (a Sluice function such as {@code DATE_FORMAT}, overflow, a
 *       division by zero) is left as it is, to be evaluated, or to fail with a clear message, at run time, where
 *       every other row's error is reported too. Planning never fails because of folding.
 * </ul>
 */
public final class ConstantFolding implements RexExecutor {
    public static final ConstantFolding INSTANCE = new ConstantFolding();

    private ConstantFolding() {
    }

    @Override
    public void reduce(RexBuilder rexBuilder, List<RexNode> constantExpressions, List<RexNode> reducedValues) {
        for (RexNode expression : constantExpressions) {
            reducedValues.add(reduceOne(rexBuilder, expression));
        }
    }

    private static RexNode reduceOne(RexBuilder rexBuilder, RexNode expression) {
        List<RexNode> reduced = new ArrayList<>(1);
        try {
            RexUtil.EXECUTOR.reduce(rexBuilder, List.of(expression.accept(new CheckedArithmetic(rexBuilder))),
                    reduced);
        } catch (RuntimeException | AssertionError e) {
            // Why the executor failed does not matter here: the same expression fails again at run time, with a
            // message that names the batch and the operator.
            return expression;
        }
        return reduced.size() == 1 ? reduced.get(0) : expression;
    }

    /** Replaces integer arithmetic with Calcite's overflow-checking operators, for evaluation only. */
    private static final class CheckedArithmetic extends RexShuttle {
        private final RexBuilder rexBuilder;

        CheckedArithmetic(RexBuilder rexBuilder) {
            this.rexBuilder = rexBuilder;
        }

        @Override
        public RexNode visitCall(RexCall call) {
            RexCall visited = (RexCall) super.visitCall(call);
            SqlTypeName type = visited.getType().getSqlTypeName();
            if (type != SqlTypeName.INTEGER && type != SqlTypeName.BIGINT) {
                return visited;
            }
            SqlOperator checked = switch (visited.getKind()) {
                case PLUS -> SqlStdOperatorTable.CHECKED_PLUS;
                case MINUS -> SqlStdOperatorTable.CHECKED_MINUS;
                case TIMES -> SqlStdOperatorTable.CHECKED_MULTIPLY;
                case DIVIDE -> SqlStdOperatorTable.CHECKED_DIVIDE;
                case MINUS_PREFIX -> SqlStdOperatorTable.CHECKED_UNARY_MINUS;
                default -> null;
            };
            return checked == null ? visited : rexBuilder.makeCall(visited.getType(), checked, visited.getOperands());
        }
    }
}
