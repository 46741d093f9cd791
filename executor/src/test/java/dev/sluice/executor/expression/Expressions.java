package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.Call;
import dev.sluice.planner.plan.proto.Call.Function;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.DataType.Kind;
import dev.sluice.planner.plan.proto.Expression;
import dev.sluice.planner.plan.proto.Literal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Builds plan expressions for tests, e.g. {@code call(PLUS, ref(0, BIGINT), lit(1))}. A call's result type is
 * inferred the simple way (widest numeric operand, BOOLEAN for predicates, ...); {@link #call(DataType, Function,
 * Expression...)} states it where Calcite's rule is more subtle (DECIMAL).
 */
public final class Expressions {
    private Expressions() {
    }

    public static DataType type(Kind kind) {
        return DataType.newBuilder().setKind(kind).setNullable(true).build();
    }

    public static DataType decimal(int precision, int scale) {
        return DataType.newBuilder().setKind(Kind.DECIMAL).setPrecision(precision).setScale(scale).setNullable(true)
                .build();
    }

    public static Expression ref(int index, Kind kind) {
        return Expression.newBuilder().setType(type(kind)).setInputRef(index).build();
    }

    public static Expression ref(int index, DataType type) {
        return Expression.newBuilder().setType(type).setInputRef(index).build();
    }

    /** A BIGINT literal. */
    public static Expression lit(long value) {
        return literal(type(Kind.BIGINT), Literal.newBuilder().setLongValue(value));
    }

    public static Expression intLit(int value) {
        return literal(type(Kind.INT), Literal.newBuilder().setLongValue(value));
    }

    public static Expression lit(double value) {
        return literal(type(Kind.DOUBLE), Literal.newBuilder().setDoubleValue(value));
    }

    public static Expression lit(boolean value) {
        return literal(type(Kind.BOOLEAN), Literal.newBuilder().setBooleanValue(value));
    }

    public static Expression lit(String value) {
        return literal(type(Kind.VARCHAR), Literal.newBuilder().setStringValue(value));
    }

    public static Expression decimalLit(String value, int precision, int scale) {
        return literal(decimal(precision, scale), Literal.newBuilder().setDecimalValue(value));
    }

    public static Expression dateLit(String value) {
        return literal(type(Kind.DATE), Literal.newBuilder().setLongValue(LocalDate.parse(value).toEpochDay()));
    }

    public static Expression timestampLit(String value) {
        long milliseconds = LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        return literal(type(Kind.TIMESTAMP), Literal.newBuilder().setLongValue(milliseconds));
    }

    public static Expression intervalMillis(long milliseconds) {
        return literal(type(Kind.INTERVAL_DAY_TIME), Literal.newBuilder().setLongValue(milliseconds));
    }

    public static Expression intervalMonths(long months) {
        return literal(type(Kind.INTERVAL_YEAR_MONTH), Literal.newBuilder().setLongValue(months));
    }

    public static Expression unit(String unit) {
        return literal(type(Kind.TIME_UNIT), Literal.newBuilder().setStringValue(unit));
    }

    /** A NULL of the given type ({@code NULL} for the untyped null literal). */
    public static Expression nullLit(Kind kind) {
        return literal(type(kind), Literal.newBuilder().setIsNull(true));
    }

    private static Expression literal(DataType type, Literal.Builder literal) {
        return Expression.newBuilder().setType(type).setLiteral(literal).build();
    }

    public static Expression call(DataType type, Function function, Expression... operands) {
        Call.Builder call = Call.newBuilder().setFunction(function);
        for (Expression operand : operands) {
            call.addOperands(operand);
        }
        return Expression.newBuilder().setType(type).setCall(call).build();
    }

    public static Expression call(Function function, Expression... operands) {
        return call(inferType(function, operands), function, operands);
    }

    public static Expression cast(Expression operand, DataType type) {
        return call(type, Function.CAST, operand);
    }

    private static DataType inferType(Function function, Expression[] operands) {
        return switch (function) {
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL,
                    IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM, AND, OR, NOT, IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE,
                    IS_FALSE, IS_NOT_FALSE, IN, BETWEEN, LIKE -> type(Kind.BOOLEAN);
            case UPPER, LOWER, SUBSTRING, TRIM_BOTH, TRIM_LEADING, TRIM_TRAILING, CONCAT, DATE_FORMAT ->
                    type(Kind.VARCHAR);
            case CHAR_LENGTH, POSITION, TIMESTAMPDIFF -> type(Kind.INT);
            case EXTRACT -> type(Kind.BIGINT);
            case TIMESTAMPADD -> operands[2].getType();
            case FLOOR, CEIL, NEGATE, ABS -> operands[0].getType();
            case CASE -> operands[1].getType();
            case COALESCE, NULLIF -> operands[0].getType();
            case PLUS, MINUS, TIMES, DIVIDE, MOD -> widest(operands);
            case CAST, FUNCTION_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalArgumentException("state the type of " + function);
        };
    }

    private static DataType widest(Expression[] operands) {
        Kind result = Kind.INT;
        for (Expression operand : operands) {
            Kind kind = operand.getType().getKind();
            if (kind == Kind.DOUBLE || (kind == Kind.BIGINT && result == Kind.INT)) {
                result = kind;
            } else if (kind == Kind.TIMESTAMP || kind == Kind.DATE || kind == Kind.DECIMAL) {
                return operand.getType();
            }
        }
        return type(result);
    }
}
