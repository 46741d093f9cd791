package dev.sluice.planner.rule;

import dev.sluice.planner.logical.LogicalWindowTableFunction;
import dev.sluice.planner.logical.TimeWindow;
import dev.sluice.planner.plan.UnsupportedInStreamingException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Exchange;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.type.SqlTypeFamily;

/**
 * A window table function call ({@code TUMBLE}, {@code HOP}, {@code CUMULATE}, {@code SESSION}) becomes a
 * {@link LogicalWindowTableFunction} that holds its windows in milliseconds. Flink's argument orders:
 * {@code TUMBLE(t, DESCRIPTOR(ts), size [, offset])}, {@code HOP(t, DESCRIPTOR(ts), slide, size [, offset])},
 * {@code CUMULATE(t, DESCRIPTOR(ts), step, size [, offset])}, {@code SESSION(t [PARTITION BY k], DESCRIPTOR(ts),
 * gap)} (or Calcite's {@code SESSION(t, DESCRIPTOR(ts), DESCRIPTOR(k), gap)}).
 *
 * <p>The intervals must be positive literals of days to milliseconds (a month has no fixed length); the offset is
 * at least 0 and less than the period the windows repeat with (the size; a HOP's slide). A HOP's slide is at most
 * its size (Spark's rule: otherwise rows between windows belong to none), and a CUMULATE's size is a whole number
 * of steps. Anything else is an error at the function, since such a query cannot run at all.
 */
public final class WindowTableFunctionRule extends RelRule<RuleConfig<WindowTableFunctionRule>> {
    public static final RuleConfig<WindowTableFunctionRule> DEFAULT = RuleConfig.of("WindowTableFunctionRule",
            b0 -> b0.operand(LogicalTableFunctionScan.class)
                    .predicate(scan -> scan.getCall() instanceof RexCall call
                            && call.getOperator() instanceof SqlWindowTableFunction
                            && scan.getInputs().size() == 1)
                    .anyInputs(),
            WindowTableFunctionRule::new);

    private WindowTableFunctionRule(RuleConfig<WindowTableFunctionRule> config) {
        super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalTableFunctionScan scan = call.rel(0);
        RexCall invocation = (RexCall) scan.getCall();
        String name = invocation.getOperator().getName().toUpperCase(Locale.ROOT);
        TimeWindow.Kind kind = TimeWindow.Kind.valueOf(name);
        RelNode input = scan.getInputs().get(0);
        List<Integer> partitionKeys = new ArrayList<>();
        if (input.stripped() instanceof Exchange exchange) {
            // SESSION(TABLE t PARTITION BY k, ...): the conversion put a hash exchange on k under the call.
            partitionKeys.addAll(exchange.getDistribution().getKeys());
            input = exchange.getInput();
        }
        List<RexNode> operands = new ArrayList<>();
        for (RexNode operand : invocation.getOperands()) {
            // A named call may leave an optional argument out; the validator passes DEFAULT in its place.
            operands.add(operand.getKind() == SqlKind.DEFAULT ? null : operand);
        }
        int timeColumn = descriptorColumns(operands.get(0)).get(0);
        TimeWindow window = switch (kind) {
            case TUMBLE -> {
                long size = interval(operands, 1, name, "size");
                long offset = offset(operands, 2, name, size, "size");
                yield TimeWindow.tumble(timeColumn, size, offset);
            }
            case HOP -> {
                long slide = interval(operands, 1, name, "slide");
                long size = interval(operands, 2, name, "size");
                if (slide > size) {
                    throw UnsupportedInStreamingException.at(name + "'s slide (" + slide + " ms) must not be larger"
                            + " than its size (" + size + " ms): rows between two windows would be in none", name);
                }
                long offset = offset(operands, 3, name, slide, "slide");
                yield TimeWindow.hop(timeColumn, slide, size, offset);
            }
            case CUMULATE -> {
                long step = interval(operands, 1, name, "step");
                long size = interval(operands, 2, name, "size");
                if (size % step != 0) {
                    throw UnsupportedInStreamingException.at(name + "'s size (" + size + " ms) must be a multiple"
                            + " of its step (" + step + " ms)", name);
                }
                long offset = offset(operands, 3, name, size, "size");
                yield TimeWindow.cumulate(timeColumn, step, size, offset);
            }
            case SESSION -> {
                int gapOperand = operands.size() - 1;
                if (gapOperand > 1 && operands.get(1) != null) {
                    // Calcite's form: SESSION(TABLE t, DESCRIPTOR(ts), DESCRIPTOR(k), gap).
                    partitionKeys.addAll(descriptorColumns(operands.get(1)));
                }
                yield TimeWindow.session(timeColumn, interval(operands, gapOperand, name, "gap"));
            }
        };
        call.transformTo(new LogicalWindowTableFunction(scan.getCluster(), scan.getTraitSet(), input, window,
                partitionKeys));
    }

    private static List<Integer> descriptorColumns(RexNode descriptor) {
        List<Integer> columns = new ArrayList<>();
        for (RexNode column : ((RexCall) descriptor).getOperands()) {
            columns.add(((RexInputRef) column).getIndex());
        }
        return columns;
    }

    /** A mandatory interval argument, in milliseconds; positive. */
    private static long interval(List<RexNode> operands, int index, String function, String parameter) {
        long value = milliseconds(operands, index, function, parameter)
                .orElseThrow(() -> UnsupportedInStreamingException.at(function + " needs its " + parameter, function));
        if (value <= 0) {
            throw UnsupportedInStreamingException.at(function + "'s " + parameter + " must be a positive interval,"
                    + " not " + value + " ms", function);
        }
        return value;
    }

    /** The optional offset, in milliseconds (0 when left out): windows repeat every {@code period}. */
    private static long offset(List<RexNode> operands, int index, String function, long period, String periodName) {
        long offset = milliseconds(operands, index, function, "offset").orElse(0L);
        if (offset < 0 || offset >= period) {
            throw UnsupportedInStreamingException.at(function + "'s offset must be at least 0 and less than its "
                    + periodName + " (" + period + " ms), not " + offset + " ms; an offset of -x is the same as "
                    + periodName + " - x", function);
        }
        return offset;
    }

    private static Optional<Long> milliseconds(List<RexNode> operands, int index, String function, String parameter) {
        RexNode operand = index < operands.size() ? operands.get(index) : null;
        if (operand == null) {
            return Optional.empty();
        }
        if (!(operand instanceof RexLiteral literal) || literal.isNull()) {
            throw UnsupportedInStreamingException.at(function + "'s " + parameter + " must be a literal interval"
                    + " such as INTERVAL '10' SECOND", function);
        }
        if (literal.getType().getSqlTypeName().getFamily() != SqlTypeFamily.INTERVAL_DAY_TIME) {
            throw UnsupportedInStreamingException.at(function + "'s " + parameter + " must be an interval of days,"
                    + " hours, minutes, seconds or milliseconds: months and years have no fixed length", function);
        }
        BigDecimal value = literal.getValueAs(BigDecimal.class);
        return Optional.of(value.longValueExact());
    }
}
