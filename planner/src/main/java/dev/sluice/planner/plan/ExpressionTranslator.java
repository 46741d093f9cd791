package dev.sluice.planner.plan;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.plan.proto.Call;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.Expression;
import dev.sluice.planner.plan.proto.Literal;
import dev.sluice.planner.validate.SluiceFunctions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite row expressions as plan {@link Expression}s. Input references keep their index: they refer to the
 * columns of the operator's input. {@code SEARCH} (Calcite's form of {@code IN}, {@code BETWEEN} and ranges) is
 * expanded into comparisons joined by AND/OR first, so the executor never sees a Sarg.
 */
public final class ExpressionTranslator {
    /** The units a TIME_UNIT literal may name; the executor implements exactly these. */
    static final Set<String> TIME_UNITS =
            Set.of("YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND", "MILLISECOND");

    private final RexBuilder rexBuilder;

    public ExpressionTranslator(RexBuilder rexBuilder) {
        this.rexBuilder = requireNonNull(rexBuilder, "rexBuilder is null");
    }

    /**
     * The plan form of {@code expression}.
     *
     * @throws UnsupportedInStreamingException for a function, type or literal the engine cannot evaluate
     */
    public Expression translate(RexNode expression) {
        RexNode expanded = RexUtil.expandSearch(rexBuilder, null, requireNonNull(expression, "expression is null"));
        return convert(expanded.accept(new NumericPromotion(rexBuilder)));
    }

    /**
     * Makes Calcite's implicit widening of INT, BIGINT and DOUBLE explicit: the operands of arithmetic get the
     * result's type, and the operands of a comparison the wider of their two types. Calcite types
     * {@code bigint_column * 100} as BIGINT over an INT literal; after this the executor sees BIGINT on both sides
     * (a literal simply becomes a BIGINT literal) and needs no mixed-type kernels. A DECIMAL operand is cast only
     * when the result is DOUBLE. Next to a DECIMAL, an INT or BIGINT becomes DECIMAL(10, 0) or DECIMAL(19, 0), which
     * hold it exactly; DECIMAL operands otherwise keep their own precision and scale, which are part of the
     * arithmetic's meaning (Calcite derived the result's from them).
     */
    private static final class NumericPromotion extends RexShuttle {
        /** Digits of the largest INT and BIGINT. */
        private static final int INT_DECIMAL_PRECISION = 10;
        private static final int BIGINT_DECIMAL_PRECISION = 19;

        private static final Set<SqlTypeName> WIDENED =
                Set.of(SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.DOUBLE);

        private final RexBuilder rexBuilder;

        NumericPromotion(RexBuilder rexBuilder) {
            this.rexBuilder = rexBuilder;
        }

        @Override
        public RexNode visitCall(RexCall call) {
            RexCall visited = (RexCall) super.visitCall(call);
            RelDataType target;
            switch (visited.getKind()) {
                case PLUS, MINUS, TIMES, DIVIDE, CHECKED_PLUS, CHECKED_MINUS, CHECKED_TIMES, CHECKED_DIVIDE ->
                        target = visited.getType();
                // Calcite types MOD(BIGINT, INT) as INT (the divisor's type: the remainder always fits), but the
                // dividend must not be narrowed to it: compute in the wider integer type, then cast the result.
                case MOD -> target = allIntegers(visited.getOperands())
                        ? rexBuilder.getTypeFactory().leastRestrictive(
                                visited.getOperands().stream().map(RexNode::getType).toList())
                        : visited.getType();
                case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL,
                        IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
                    if (!allNumeric(visited.getOperands())) {
                        return visited;
                    }
                    target = rexBuilder.getTypeFactory().leastRestrictive(
                            visited.getOperands().stream().map(RexNode::getType).toList());
                    if (target == null) {
                        return visited;
                    }
                }
                default -> {
                    return visited;
                }
            }
            if (!allNumeric(visited.getOperands())) {
                return visited;
            }
            boolean decimal = target.getSqlTypeName() == SqlTypeName.DECIMAL;
            if (!decimal && !WIDENED.contains(target.getSqlTypeName())) {
                return visited;
            }
            List<RexNode> operands = new ArrayList<>();
            boolean changed = false;
            for (RexNode operand : visited.getOperands()) {
                RelDataType type = operand.getType();
                if (type.getSqlTypeName() == target.getSqlTypeName()) {
                    operands.add(operand);
                } else if (decimal) {
                    // An integer next to a DECIMAL becomes the DECIMAL that holds it exactly; the call's own
                    // result type, which Calcite derived, does not change.
                    int precision = switch (type.getSqlTypeName()) {
                        case INTEGER -> INT_DECIMAL_PRECISION;
                        case BIGINT -> BIGINT_DECIMAL_PRECISION;
                        default -> 0;
                    };
                    if (precision == 0) {
                        operands.add(operand);
                        continue;
                    }
                    RelDataType exact = rexBuilder.getTypeFactory().createTypeWithNullability(
                            rexBuilder.getTypeFactory().createSqlType(SqlTypeName.DECIMAL, precision, 0),
                            type.isNullable());
                    operands.add(rexBuilder.makeCast(exact, operand, true, false));
                    changed = true;
                } else {
                    RelDataType widened = rexBuilder.getTypeFactory()
                            .createTypeWithNullability(target, type.isNullable());
                    operands.add(rexBuilder.makeCast(widened, operand, true, false));
                    changed = true;
                }
            }
            if (!changed) {
                return visited;
            }
            if (visited.getKind() == SqlKind.MOD && target.getSqlTypeName() != visited.getType().getSqlTypeName()) {
                RelDataType wide = rexBuilder.getTypeFactory()
                        .createTypeWithNullability(target, visited.getType().isNullable());
                return rexBuilder.makeCast(visited.getType(), visited.clone(wide, operands), true, false);
            }
            return visited.clone(visited.getType(), operands);
        }

        private static boolean allIntegers(List<RexNode> operands) {
            for (RexNode operand : operands) {
                SqlTypeName type = operand.getType().getSqlTypeName();
                if (type != SqlTypeName.INTEGER && type != SqlTypeName.BIGINT) {
                    return false;
                }
            }
            return true;
        }

        private static boolean allNumeric(List<RexNode> operands) {
            for (RexNode operand : operands) {
                if (!SqlTypeName.NUMERIC_TYPES.contains(operand.getType().getSqlTypeName())) {
                    return false;
                }
            }
            return true;
        }
    }

    private Expression convert(RexNode node) {
        if (node instanceof RexInputRef input) {
            return Expression.newBuilder().setType(DataTypes.of(input.getType())).setInputRef(input.getIndex()).build();
        }
        if (node instanceof RexLiteral literal) {
            return literal(literal);
        }
        if (node instanceof RexCall call) {
            return call(call);
        }
        // Correlation variables, field accesses, sub-queries, dynamic parameters: nothing a stateless query has.
        throw new UnsupportedInStreamingException("expression " + node + " is not supported in streaming queries yet",
                Optional.empty());
    }

    private Expression literal(RexLiteral literal) {
        DataType type = DataTypes.of(literal.getType());
        Literal.Builder value = Literal.newBuilder();
        if (literal.isNull()) {
            value.setIsNull(true);
        } else {
            switch (type.getKind()) {
                case BOOLEAN -> value.setBooleanValue(literal.getValueAs(Boolean.class));
                case INT, BIGINT -> value.setLongValue(literal.getValueAs(Long.class));
                case DOUBLE -> value.setDoubleValue(literal.getValueAs(Double.class));
                // Exactly the type's scale, so that 1.5 in a DECIMAL(4, 2) column reads 1.50.
                case DECIMAL -> value.setDecimalValue(literal.getValueAs(BigDecimal.class)
                        .setScale(type.getScale()).toPlainString());
                case VARCHAR -> value.setStringValue(literal.getValueAs(String.class));
                case DATE -> value.setLongValue(literal.getValueAs(Integer.class));
                case TIMESTAMP -> value.setLongValue(literal.getValueAs(Long.class));
                case INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH ->
                        value.setLongValue(literal.getValueAs(BigDecimal.class).longValueExact());
                case TIME_UNIT -> value.setStringValue(timeUnit(literal));
                case NULL -> value.setIsNull(true);
                case KIND_UNSPECIFIED, UNRECOGNIZED ->
                        throw new IllegalStateException("no plan type for literal " + literal);
            }
        }
        return Expression.newBuilder().setType(type).setLiteral(value).build();
    }

    private static String timeUnit(RexLiteral literal) {
        Object flag = literal.getValue();
        String unit;
        if (flag instanceof TimeUnitRange range) {
            unit = range.name();
        } else if (flag instanceof TimeUnit timeUnit) {
            unit = timeUnit.name();
        } else {
            throw new UnsupportedInStreamingException("'" + flag + "' is not supported in streaming queries yet",
                    Optional.empty());
        }
        if (!TIME_UNITS.contains(unit)) {
            throw new UnsupportedInStreamingException("time unit " + unit + " is not supported in streaming queries"
                    + " yet; use one of " + String.join(", ", List.of("YEAR", "QUARTER", "MONTH", "WEEK", "DAY",
                    "HOUR", "MINUTE", "SECOND", "MILLISECOND")), Optional.empty());
        }
        return unit;
    }

    private Expression call(RexCall call) {
        SqlOperator operator = call.getOperator();
        if (call instanceof RexOver) {
            // An aggregate function with OVER (...) in the select list; only its name is in the script.
            throw UnsupportedInStreamingException.at("OVER windows (" + operator.getName() + "(...) OVER (...)) are"
                    + " not supported in streaming queries yet", operator.getName());
        }
        List<RexNode> operands = call.getOperands();
        switch (call.getKind()) {
            case PLUS_PREFIX:
                return convert(operands.get(0));
            case LIKE:
                if (((SqlLikeOperator) operator).isNegated()) {
                    Expression like = function(call, Call.Function.LIKE, operands);
                    return Expression.newBuilder().setType(like.getType())
                            .setCall(Call.newBuilder().setFunction(Call.Function.NOT).addOperands(like)).build();
                }
                return function(call, Call.Function.LIKE, operands);
            case TRIM:
                // TRIM(flag, characters, value): the flag picks the function.
                SqlTrimFunction.Flag flag = ((RexLiteral) operands.get(0)).getValueAs(SqlTrimFunction.Flag.class);
                Call.Function trim = switch (requireNonNull(flag, "TRIM flag is null")) {
                    case BOTH -> Call.Function.TRIM_BOTH;
                    case LEADING -> Call.Function.TRIM_LEADING;
                    case TRAILING -> Call.Function.TRIM_TRAILING;
                };
                return function(call, trim, operands.subList(1, operands.size()));
            default:
                return function(call, function(call), operands);
        }
    }

    private Expression function(RexCall call, Call.Function function, List<RexNode> operands) {
        Call.Builder builder = Call.newBuilder().setFunction(function);
        for (RexNode operand : operands) {
            builder.addOperands(convert(operand));
        }
        return Expression.newBuilder().setType(DataTypes.of(call.getType())).setCall(builder).build();
    }

    private static Call.Function function(RexCall call) {
        SqlOperator operator = call.getOperator();
        return switch (call.getKind()) {
            // DATETIME_PLUS (timestamp + interval) and MINUS_DATE (timestamp - timestamp) are PLUS and MINUS on
            // other operand types; the operand types tell the executor which.
            case PLUS, CHECKED_PLUS -> Call.Function.PLUS;
            case MINUS, CHECKED_MINUS -> Call.Function.MINUS;
            case TIMES, CHECKED_TIMES -> Call.Function.TIMES;
            // Calcite's integer division (/INT) is DIVIDE with integer operands: it truncates toward zero.
            case DIVIDE, CHECKED_DIVIDE -> Call.Function.DIVIDE;
            case MOD -> Call.Function.MOD;
            case MINUS_PREFIX, CHECKED_MINUS_PREFIX -> Call.Function.NEGATE;
            case EQUALS -> Call.Function.EQUALS;
            case NOT_EQUALS -> Call.Function.NOT_EQUALS;
            case LESS_THAN -> Call.Function.LESS_THAN;
            case LESS_THAN_OR_EQUAL -> Call.Function.LESS_THAN_OR_EQUAL;
            case GREATER_THAN -> Call.Function.GREATER_THAN;
            case GREATER_THAN_OR_EQUAL -> Call.Function.GREATER_THAN_OR_EQUAL;
            case IS_DISTINCT_FROM -> Call.Function.IS_DISTINCT_FROM;
            case IS_NOT_DISTINCT_FROM -> Call.Function.IS_NOT_DISTINCT_FROM;
            case AND -> Call.Function.AND;
            case OR -> Call.Function.OR;
            case NOT -> Call.Function.NOT;
            case IS_NULL -> Call.Function.IS_NULL;
            case IS_NOT_NULL -> Call.Function.IS_NOT_NULL;
            case IS_TRUE -> Call.Function.IS_TRUE;
            case IS_NOT_TRUE -> Call.Function.IS_NOT_TRUE;
            case IS_FALSE -> Call.Function.IS_FALSE;
            case IS_NOT_FALSE -> Call.Function.IS_NOT_FALSE;
            case CASE -> Call.Function.CASE;
            case COALESCE -> Call.Function.COALESCE;
            case NULLIF -> Call.Function.NULLIF;
            case IN -> Call.Function.IN;
            case BETWEEN -> Call.Function.BETWEEN;
            case CAST -> Call.Function.CAST;
            case POSITION -> Call.Function.POSITION;
            case EXTRACT -> Call.Function.EXTRACT;
            case FLOOR -> Call.Function.FLOOR;
            case CEIL -> Call.Function.CEIL;
            case TIMESTAMP_ADD -> Call.Function.TIMESTAMPADD;
            case TIMESTAMP_DIFF -> Call.Function.TIMESTAMPDIFF;
            default -> byOperator(operator);
        };
    }

    private static Call.Function byOperator(SqlOperator operator) {
        if (operator == SqlStdOperatorTable.UPPER) {
            return Call.Function.UPPER;
        }
        if (operator == SqlStdOperatorTable.LOWER) {
            return Call.Function.LOWER;
        }
        if (operator == SqlStdOperatorTable.SUBSTRING) {
            return Call.Function.SUBSTRING;
        }
        if (operator == SqlStdOperatorTable.CHAR_LENGTH || operator == SqlStdOperatorTable.CHARACTER_LENGTH) {
            return Call.Function.CHAR_LENGTH;
        }
        if (operator == SqlStdOperatorTable.CONCAT) {
            return Call.Function.CONCAT;
        }
        if (operator == SqlStdOperatorTable.ABS) {
            return Call.Function.ABS;
        }
        if (operator == SluiceFunctions.DATE_FORMAT) {
            return Call.Function.DATE_FORMAT;
        }
        throw UnsupportedInStreamingException.function(operator.getName());
    }
}
