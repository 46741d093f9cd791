package dev.sluice.executor.expression;

import static dev.sluice.executor.expression.ExpressionTesting.assertError;
import static dev.sluice.executor.expression.ExpressionTesting.assertValues;
import static dev.sluice.executor.expression.ExpressionTesting.evaluateConstant;
import static dev.sluice.executor.expression.Expressions.call;
import static dev.sluice.executor.expression.Expressions.cast;
import static dev.sluice.executor.expression.Expressions.dateLit;
import static dev.sluice.executor.expression.Expressions.decimal;
import static dev.sluice.executor.expression.Expressions.decimalLit;
import static dev.sluice.executor.expression.Expressions.intLit;
import static dev.sluice.executor.expression.Expressions.intervalMillis;
import static dev.sluice.executor.expression.Expressions.intervalMonths;
import static dev.sluice.executor.expression.Expressions.lit;
import static dev.sluice.executor.expression.Expressions.nullLit;
import static dev.sluice.executor.expression.Expressions.ref;
import static dev.sluice.executor.expression.Expressions.timestampLit;
import static dev.sluice.executor.expression.Expressions.type;
import static dev.sluice.executor.expression.Expressions.unit;
import static dev.sluice.executor.operator.Batches.column;
import static dev.sluice.executor.operator.Batches.decimalColumn;
import static dev.sluice.executor.operator.Batches.row;
import static dev.sluice.executor.operator.Batches.schema;
import static dev.sluice.planner.plan.proto.Call.Function.ABS;
import static dev.sluice.planner.plan.proto.Call.Function.AND;
import static dev.sluice.planner.plan.proto.Call.Function.BETWEEN;
import static dev.sluice.planner.plan.proto.Call.Function.CASE;
import static dev.sluice.planner.plan.proto.Call.Function.CEIL;
import static dev.sluice.planner.plan.proto.Call.Function.CHAR_LENGTH;
import static dev.sluice.planner.plan.proto.Call.Function.COALESCE;
import static dev.sluice.planner.plan.proto.Call.Function.CONCAT;
import static dev.sluice.planner.plan.proto.Call.Function.DATE_FORMAT;
import static dev.sluice.planner.plan.proto.Call.Function.DIVIDE;
import static dev.sluice.planner.plan.proto.Call.Function.EQUALS;
import static dev.sluice.planner.plan.proto.Call.Function.EXTRACT;
import static dev.sluice.planner.plan.proto.Call.Function.FLOOR;
import static dev.sluice.planner.plan.proto.Call.Function.GREATER_THAN;
import static dev.sluice.planner.plan.proto.Call.Function.GREATER_THAN_OR_EQUAL;
import static dev.sluice.planner.plan.proto.Call.Function.IN;
import static dev.sluice.planner.plan.proto.Call.Function.IS_DISTINCT_FROM;
import static dev.sluice.planner.plan.proto.Call.Function.IS_FALSE;
import static dev.sluice.planner.plan.proto.Call.Function.IS_NOT_DISTINCT_FROM;
import static dev.sluice.planner.plan.proto.Call.Function.IS_NOT_FALSE;
import static dev.sluice.planner.plan.proto.Call.Function.IS_NOT_NULL;
import static dev.sluice.planner.plan.proto.Call.Function.IS_NOT_TRUE;
import static dev.sluice.planner.plan.proto.Call.Function.IS_NULL;
import static dev.sluice.planner.plan.proto.Call.Function.IS_TRUE;
import static dev.sluice.planner.plan.proto.Call.Function.LESS_THAN;
import static dev.sluice.planner.plan.proto.Call.Function.LESS_THAN_OR_EQUAL;
import static dev.sluice.planner.plan.proto.Call.Function.LIKE;
import static dev.sluice.planner.plan.proto.Call.Function.LOWER;
import static dev.sluice.planner.plan.proto.Call.Function.MINUS;
import static dev.sluice.planner.plan.proto.Call.Function.MOD;
import static dev.sluice.planner.plan.proto.Call.Function.NEGATE;
import static dev.sluice.planner.plan.proto.Call.Function.NOT;
import static dev.sluice.planner.plan.proto.Call.Function.NOT_EQUALS;
import static dev.sluice.planner.plan.proto.Call.Function.NULLIF;
import static dev.sluice.planner.plan.proto.Call.Function.OR;
import static dev.sluice.planner.plan.proto.Call.Function.PLUS;
import static dev.sluice.planner.plan.proto.Call.Function.POSITION;
import static dev.sluice.planner.plan.proto.Call.Function.SUBSTRING;
import static dev.sluice.planner.plan.proto.Call.Function.TIMES;
import static dev.sluice.planner.plan.proto.Call.Function.TIMESTAMPADD;
import static dev.sluice.planner.plan.proto.Call.Function.TIMESTAMPDIFF;
import static dev.sluice.planner.plan.proto.Call.Function.TRIM_BOTH;
import static dev.sluice.planner.plan.proto.Call.Function.TRIM_LEADING;
import static dev.sluice.planner.plan.proto.Call.Function.TRIM_TRAILING;
import static dev.sluice.planner.plan.proto.Call.Function.UPPER;
import static dev.sluice.planner.plan.proto.DataType.Kind.BIGINT;
import static dev.sluice.planner.plan.proto.DataType.Kind.BOOLEAN;
import static dev.sluice.planner.plan.proto.DataType.Kind.DATE;
import static dev.sluice.planner.plan.proto.DataType.Kind.DOUBLE;
import static dev.sluice.planner.plan.proto.DataType.Kind.INT;
import static dev.sluice.planner.plan.proto.DataType.Kind.TIMESTAMP;
import static dev.sluice.planner.plan.proto.DataType.Kind.VARCHAR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.planner.plan.proto.DataType.Kind;
import dev.sluice.planner.plan.proto.Expression;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Every function and NULL rule, evaluated through a Calc over batches with NULLs. */
class ExpressionSemanticsTest {
    private static final Schema LONGS = schema(column("a", BIGINT), column("b", BIGINT));
    private static final List<List<Object>> LONG_ROWS = List.of(row(7L, 2L), row(-7L, 2L), row(null, 2L),
            row(7L, null), row(null, null));
    private static final Schema INTS = schema(column("x", INT), column("y", INT));
    private static final Schema BOOLEANS = schema(column("p", BOOLEAN), column("q", BOOLEAN));
    /** Every pair of TRUE, FALSE, NULL. */
    private static final List<List<Object>> TRUTH_TABLE = List.of(
            row(true, true), row(true, false), row(true, null),
            row(false, true), row(false, false), row(false, null),
            row(null, true), row(null, false), row(null, null));
    private static final Schema STRINGS = schema(column("s", VARCHAR), column("u", VARCHAR));
    private static final Schema TIMESTAMPS = schema(column("t", TIMESTAMP), column("d", DATE));
    private static final Schema DOUBLES = schema(column("d", DOUBLE), column("e", DOUBLE));
    private static final Schema DECIMALS = schema(decimalColumn("m", 10, 2), decimalColumn("n", 10, 2));

    private static final Expression A = ref(0, BIGINT);
    private static final Expression B = ref(1, BIGINT);
    private static final Expression P = ref(0, BOOLEAN);
    private static final Expression Q = ref(1, BOOLEAN);
    private static final Expression S = ref(0, VARCHAR);
    private static final Expression U = ref(1, VARCHAR);
    private static final Expression T = ref(0, TIMESTAMP);

    // ---- arithmetic ----

    @Test
    void integerArithmeticPropagatesNulls() {
        assertValues(call(PLUS, A, B), LONGS, LONG_ROWS, 9L, -5L, null, null, null);
        assertValues(call(MINUS, A, B), LONGS, LONG_ROWS, 5L, -9L, null, null, null);
        assertValues(call(TIMES, A, B), LONGS, LONG_ROWS, 14L, -14L, null, null, null);
    }

    @Test
    void integerDivisionTruncatesTowardZeroAndModTakesTheDividendsSign() {
        assertValues(call(DIVIDE, A, B), LONGS, LONG_ROWS, 3L, -3L, null, null, null);
        assertValues(call(MOD, A, B), LONGS, LONG_ROWS, 1L, -1L, null, null, null);
        assertValues(call(MOD, A, lit(-2)), LONGS, List.of(row(7L, 0L), row(-7L, 0L)), 1L, -1L);
    }

    @Test
    void bigintOverflowIsAnErrorNamingTheExpressionAndValues() {
        List<List<Object>> rows = List.of(row(1L, 1L), row(Long.MAX_VALUE, 1L));
        assertError(call(PLUS, A, B), LONGS, rows, "BIGINT overflow in a + b", "9223372036854775807 + 1");
        assertError(call(MINUS, call(NEGATE, A), lit(2)), LONGS, List.of(row(Long.MAX_VALUE, 0L)),
                "BIGINT overflow in -a - 2");
        assertError(call(TIMES, A, B), LONGS, List.of(row(Long.MAX_VALUE / 2 + 1, 2L)), "BIGINT overflow in a * b");
        assertError(call(DIVIDE, A, B), LONGS, List.of(row(Long.MIN_VALUE, -1L)), "BIGINT overflow in a / b");
        assertError(call(NEGATE, A), LONGS, List.of(row(Long.MIN_VALUE, 0L)), "BIGINT overflow in -a");
        assertError(call(ABS, A), LONGS, List.of(row(Long.MIN_VALUE, 0L)), "BIGINT overflow in ABS(a)");
    }

    @Test
    void intOverflowIsCheckedAgainstIntRange() {
        Expression x = ref(0, INT);
        Expression y = ref(1, INT);
        assertValues(call(PLUS, x, y), INTS, List.of(row(Integer.MAX_VALUE - 1, 1)), Integer.MAX_VALUE);
        assertError(call(PLUS, x, y), INTS, List.of(row(Integer.MAX_VALUE, 1)), "INT overflow in x + y",
                "2147483647 + 1");
        assertError(call(TIMES, x, y), INTS, List.of(row(65536, 65536)), "INT overflow in x * y");
        // INT + BIGINT is BIGINT: no INT overflow
        assertValues(call(PLUS, x, lit(1)), INTS, List.of(row(Integer.MAX_VALUE, 0)), 2147483648L);
    }

    @Test
    void divisionByZeroIsAnErrorButNotOnNullRows() {
        assertError(call(DIVIDE, A, B), LONGS, List.of(row(1L, 1L), row(5L, 0L)), "division by zero in a / b",
                "5 / 0");
        assertError(call(MOD, A, B), LONGS, List.of(row(5L, 0L)), "division by zero in MOD(a, b)");
        assertValues(call(DIVIDE, A, B), LONGS, List.of(row(null, 0L)), (Object) null);
    }

    @Test
    void overflowOnNullRowsIsNoError() {
        // a + b overflows only where a is NULL: the row is NULL, not an error
        Expression sum = call(PLUS, call(PLUS, A, lit(Long.MAX_VALUE)), B);
        assertValues(sum, LONGS, List.of(row(null, 5L), row(0L, -5L)), null, Long.MAX_VALUE - 5);
    }

    @Test
    void doubleArithmeticIsIeee() {
        Expression d = ref(0, DOUBLE);
        Expression e = ref(1, DOUBLE);
        assertValues(call(DIVIDE, d, e), DOUBLES, List.of(row(1.0, 0.0), row(-1.0, 0.0), row(0.0, 0.0),
                row(1.0, 4.0), row(null, 1.0)), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
                0.25, null);
        assertValues(call(MOD, d, e), DOUBLES, List.of(row(-7.5, 2.0)), -1.5);
        // BIGINT + DOUBLE widens to DOUBLE
        assertValues(call(PLUS, lit(1), d), DOUBLES, List.of(row(0.5, 0.0)), 1.5);
    }

    @Test
    void decimalArithmeticFollowsTheResultType() {
        Expression m = ref(0, decimal(10, 2));
        Expression n = ref(1, decimal(10, 2));
        List<List<Object>> rows = List.of(row(new BigDecimal("1.25"), new BigDecimal("0.50")),
                row(null, new BigDecimal("1.00")));
        assertValues(call(decimal(11, 2), PLUS, m, n), DECIMALS, rows, new BigDecimal("1.75"), null);
        assertValues(call(decimal(21, 4), TIMES, m, n), DECIMALS, rows, new BigDecimal("0.6250"), null);
        // DECIMAL division rounds HALF_UP at the result scale
        assertValues(call(decimal(19, 3), DIVIDE, m, lit(8)), DECIMALS, rows, new BigDecimal("0.156"), null);
        assertValues(call(decimal(10, 2), MOD, m, n), DECIMALS, rows, new BigDecimal("0.25"), null);
        assertError(call(decimal(3, 2), PLUS, m, n), DECIMALS,
                List.of(row(new BigDecimal("9.99"), new BigDecimal("0.01"))), "DECIMAL(3, 2) overflow in m + n");
        assertError(call(decimal(10, 2), DIVIDE, m, n), DECIMALS,
                List.of(row(new BigDecimal("1.00"), new BigDecimal("0.00"))), "division by zero in m / n");
    }

    @Test
    void absNegateFloorCeilOfNumbers() {
        assertValues(call(ABS, A), LONGS, LONG_ROWS, 7L, 7L, null, 7L, null);
        assertValues(call(NEGATE, A), LONGS, LONG_ROWS, -7L, 7L, null, -7L, null);
        Expression d = ref(0, DOUBLE);
        assertValues(call(FLOOR, d), DOUBLES, List.of(row(-1.5, 0.0), row(1.5, 0.0)), -2.0, 1.0);
        assertValues(call(CEIL, d), DOUBLES, List.of(row(-1.5, 0.0), row(1.5, 0.0)), -1.0, 2.0);
        Expression m = ref(0, decimal(10, 2));
        assertValues(call(decimal(9, 0), FLOOR, m), DECIMALS, List.of(row(new BigDecimal("-1.25"), null)),
                new BigDecimal("-2"));
        assertValues(call(decimal(9, 0), CEIL, m), DECIMALS, List.of(row(new BigDecimal("-1.25"), null)),
                new BigDecimal("-1"));
    }

    // ---- comparison ----

    @Test
    void comparisonsOfIntegers() {
        List<List<Object>> rows = List.of(row(1L, 2L), row(2L, 2L), row(3L, 2L), row(null, 2L));
        assertValues(call(EQUALS, A, B), LONGS, rows, false, true, false, null);
        assertValues(call(NOT_EQUALS, A, B), LONGS, rows, true, false, true, null);
        assertValues(call(LESS_THAN, A, B), LONGS, rows, true, false, false, null);
        assertValues(call(LESS_THAN_OR_EQUAL, A, B), LONGS, rows, true, true, false, null);
        assertValues(call(GREATER_THAN, A, B), LONGS, rows, false, false, true, null);
        assertValues(call(GREATER_THAN_OR_EQUAL, A, B), LONGS, rows, false, true, true, null);
    }

    @Test
    void isDistinctFromTreatsNullsAsValues() {
        assertValues(call(IS_DISTINCT_FROM, A, B), LONGS, LONG_ROWS, true, true, true, true, false);
        assertValues(call(IS_NOT_DISTINCT_FROM, A, B), LONGS, LONG_ROWS, false, false, false, false, true);
        assertValues(call(IS_DISTINCT_FROM, S, U), STRINGS, List.of(row("x", "x"), row("x", null), row(null, null)),
                false, true, false);
    }

    @Test
    void varcharComparesByCodePoint() {
        // U+FF21 (fullwidth A) is below U+1F600 (an emoji, a surrogate pair in UTF-16) by code point, but above
        // it by UTF-16 unit; code point order is also UTF-8 byte order.
        List<List<Object>> rows = List.of(row("\uFF21", "\uD83D\uDE00"), row("abc", "abd"), row("ab", "abc"),
                row("b", "abc"), row(null, "a"));
        assertValues(call(LESS_THAN, S, U), STRINGS, rows, true, true, true, false, null);
        assertValues(call(EQUALS, S, lit("abc")), STRINGS, List.of(row("abc", null), row("ABC", null)), true, false);
    }

    @Test
    void decimalsCompareByValueAndMixedNumbersWiden() {
        Expression m = ref(0, decimal(10, 2));
        assertValues(call(EQUALS, m, decimalLit("1.5", 2, 1)), DECIMALS,
                List.of(row(new BigDecimal("1.50"), null), row(new BigDecimal("1.51"), null)), true, false);
        assertValues(call(LESS_THAN, m, lit(2)), DECIMALS, List.of(row(new BigDecimal("1.99"), null)), true);
        assertValues(call(GREATER_THAN, ref(0, DOUBLE), lit(1)), DOUBLES, List.of(row(1.5, 0.0)), true);
        assertValues(call(EQUALS, ref(0, INT), lit(3)), INTS, List.of(row(3, 0)), true);
    }

    @Test
    void timestampsAndDatesCompare() {
        List<List<Object>> rows = List.of(row(LocalDateTime.parse("2024-01-01T00:00:00"), LocalDate.parse("2024-01-01")),
                row(LocalDateTime.parse("2024-01-01T00:00:00.001"), LocalDate.parse("2024-01-01")));
        assertValues(call(EQUALS, T, ref(1, DATE)), TIMESTAMPS, rows, true, false);
        assertValues(call(LESS_THAN, T, timestampLit("2024-01-01 00:00:00.001")), TIMESTAMPS, rows, true, false);
    }

    @Test
    void booleansCompare() {
        assertValues(call(LESS_THAN, P, Q), BOOLEANS, List.of(row(false, true), row(true, false), row(true, true)),
                true, false, false);
    }

    // ---- logic ----

    @Test
    void andOrNotFollowThreeValuedLogic() {
        assertValues(call(AND, P, Q), BOOLEANS, TRUTH_TABLE, true, false, null, false, false, false, null, false,
                null);
        assertValues(call(OR, P, Q), BOOLEANS, TRUTH_TABLE, true, true, true, true, false, null, true, null, null);
        assertValues(call(NOT, P), BOOLEANS, TRUTH_TABLE, false, false, false, true, true, true, null, null, null);
    }

    @Test
    void andOrWithManyOperands() {
        assertValues(call(AND, P, Q, lit(true)), BOOLEANS, TRUTH_TABLE, true, false, null, false, false, false, null,
                false, null);
        assertValues(call(OR, P, Q, lit(false)), BOOLEANS, TRUTH_TABLE, true, true, true, true, false, null, true,
                null, null);
    }

    @Test
    void andEvaluatesItsSecondOperandOnlyWhereTheFirstIsNotFalse() {
        // b <> 0 AND a / b > 1: a row with b = 0 is FALSE, not a division by zero
        Expression guarded = call(AND, call(NOT_EQUALS, B, lit(0)), call(GREATER_THAN, call(DIVIDE, A, B), lit(1)));
        assertValues(guarded, LONGS, List.of(row(10L, 0L), row(10L, 2L), row(1L, 2L), row(10L, null)), false, true,
                false, null);
        Expression orGuarded = call(OR, call(EQUALS, B, lit(0)), call(GREATER_THAN, call(DIVIDE, A, B), lit(1)));
        assertValues(orGuarded, LONGS, List.of(row(10L, 0L), row(10L, 2L), row(1L, 2L)), true, true, false);
    }

    @Test
    void nullTests() {
        assertValues(call(IS_NULL, A), LONGS, LONG_ROWS, false, false, true, false, true);
        assertValues(call(IS_NOT_NULL, A), LONGS, LONG_ROWS, true, true, false, true, false);
        List<List<Object>> rows = List.of(row(true, null), row(false, null), row(null, null));
        assertValues(call(IS_TRUE, P), BOOLEANS, rows, true, false, false);
        assertValues(call(IS_NOT_TRUE, P), BOOLEANS, rows, false, true, true);
        assertValues(call(IS_FALSE, P), BOOLEANS, rows, false, true, false);
        assertValues(call(IS_NOT_FALSE, P), BOOLEANS, rows, true, false, true);
    }

    // ---- conditional ----

    @Test
    void caseTakesTheFirstTrueBranchAndNullConditionsAreNotTrue() {
        Expression expression = call(CASE, call(GREATER_THAN, A, lit(5)), lit("big"), call(GREATER_THAN, A, lit(0)),
                lit("small"), lit("other"));
        assertValues(expression, LONGS, LONG_ROWS, "big", "other", "other", "big", "other");
        Expression withoutElse = call(CASE, call(GREATER_THAN, A, lit(5)), lit("big"));
        assertValues(withoutElse, LONGS, LONG_ROWS, "big", null, null, "big", null);
    }

    @Test
    void caseEvaluatesABranchOnlyForTheRowsThatReachIt() {
        Expression safe = call(CASE, call(EQUALS, B, lit(0)), lit(0), call(DIVIDE, A, B));
        assertValues(safe, LONGS, List.of(row(10L, 0L), row(10L, 2L), row(null, 0L)), 0L, 5L, 0L);
    }

    @Test
    void caseOverLiteralsOfDifferentLengthsIsNotPadded() {
        Expression expression = call(CASE, call(EQUALS, A, lit(7)), lit("a"), lit("longer"));
        assertValues(expression, LONGS, List.of(row(7L, 0L), row(1L, 0L)), "a", "longer");
    }

    @Test
    void coalesceAndNullIf() {
        assertValues(call(COALESCE, A, B, lit(0)), LONGS, LONG_ROWS, 7L, -7L, 2L, 7L, 0L);
        assertValues(call(COALESCE, A, B), LONGS, LONG_ROWS, 7L, -7L, 2L, 7L, null);
        assertValues(call(NULLIF, A, lit(7)), LONGS, LONG_ROWS, null, -7L, null, null, null);
        // COALESCE evaluates later operands only where the earlier ones are NULL
        Expression lazy = call(COALESCE, A, call(DIVIDE, lit(1), B));
        assertValues(lazy, LONGS, List.of(row(5L, 0L), row(null, 1L)), 5L, 1L);
    }

    @Test
    void inWithLiteralsAndNulls() {
        assertValues(call(IN, A, lit(7), lit(3)), LONGS, LONG_ROWS, true, false, null, true, null);
        // a NULL in the list makes a miss NULL
        assertValues(call(IN, A, lit(7), nullLit(BIGINT)), LONGS, LONG_ROWS, true, null, null, true, null);
        assertValues(call(IN, S, lit("x"), lit("y")), STRINGS, List.of(row("y", null), row("z", null)), true, false);
        // a list with expressions
        assertValues(call(IN, A, B, lit(-7)), LONGS, LONG_ROWS, false, true, null, null, null);
        // INT value against BIGINT and DECIMAL literals
        assertValues(call(IN, ref(0, INT), decimalLit("3.0", 2, 1), lit(4)), INTS, List.of(row(3, 0), row(5, 0)),
                true, false);
    }

    @Test
    void betweenIsInclusive() {
        assertValues(call(BETWEEN, A, lit(-7), lit(2)), LONGS, LONG_ROWS, false, true, null, false, null);
        assertValues(call(BETWEEN, A, B, lit(10)), LONGS, LONG_ROWS, true, false, null, null, null);
    }

    // ---- cast ----

    @Test
    void castBetweenNumbers() {
        Expression d = ref(0, DOUBLE);
        // CAST(DOUBLE AS BIGINT) truncates toward zero, as Calcite
        assertValues(cast(d, type(BIGINT)), DOUBLES, List.of(row(2.7, 0.0), row(-2.7, 0.0), row(null, 0.0)), 2L, -2L,
                null);
        assertError(cast(d, type(BIGINT)), DOUBLES, List.of(row(1e19, 0.0)), "BIGINT overflow in CAST(d AS BIGINT)");
        assertError(cast(d, type(INT)), DOUBLES, List.of(row(Double.NaN, 0.0)), "INT overflow");
        assertError(cast(A, type(INT)), LONGS, List.of(row(3_000_000_000L, 0L)), "INT overflow in CAST(a AS INT)",
                "3000000000");
        assertValues(cast(A, type(DOUBLE)), LONGS, List.of(row(3L, 0L)), 3.0);
        assertValues(cast(A, decimal(5, 2)), LONGS, List.of(row(123L, 0L)), new BigDecimal("123.00"));
        assertError(cast(A, decimal(5, 2)), LONGS, List.of(row(1234L, 0L)), "DECIMAL(5, 2) overflow");
        Expression m = ref(0, decimal(10, 2));
        // HALF_UP when the scale shrinks; truncation toward zero to integers
        assertValues(cast(m, decimal(10, 1)), DECIMALS, List.of(row(new BigDecimal("1.25"), null),
                row(new BigDecimal("-1.25"), null)), new BigDecimal("1.3"), new BigDecimal("-1.3"));
        assertValues(cast(m, type(BIGINT)), DECIMALS, List.of(row(new BigDecimal("-1.75"), null)), -1L);
        assertValues(cast(d, decimal(4, 2)), DOUBLES, List.of(row(2.675, 0.0)), new BigDecimal("2.68"));
    }

    @Test
    void castFromStrings() {
        assertValues(cast(S, type(BIGINT)), STRINGS, List.of(row(" 42 ", null), row(null, null)), 42L, null);
        assertError(cast(S, type(BIGINT)), STRINGS, List.of(row("12a", null)), "cannot CAST '12a' to BIGINT");
        assertError(cast(S, type(INT)), STRINGS, List.of(row("3000000000", null)), "INT overflow");
        assertValues(cast(S, type(DOUBLE)), STRINGS, List.of(row("1.5e3", null)), 1500.0);
        assertValues(cast(S, decimal(6, 2)), STRINGS, List.of(row("12.345", null)), new BigDecimal("12.35"));
        assertValues(cast(S, type(BOOLEAN)), STRINGS, List.of(row("TRUE", null), row("false", null)), true, false);
        assertError(cast(S, type(BOOLEAN)), STRINGS, List.of(row("yes", null)), "cannot CAST 'yes' to BOOLEAN");
        assertValues(cast(S, type(DATE)), STRINGS, List.of(row("2024-02-29", null)), LocalDate.parse("2024-02-29"));
        assertError(cast(S, type(DATE)), STRINGS, List.of(row("2023-02-29", null)), "cannot CAST '2023-02-29' to DATE");
        assertValues(cast(S, type(TIMESTAMP)), STRINGS, List.of(row("2024-01-02 03:04:05.678", null),
                row("2024-01-02 03:04:05", null), row("2024-01-02", null)),
                LocalDateTime.parse("2024-01-02T03:04:05.678"), LocalDateTime.parse("2024-01-02T03:04:05"),
                LocalDateTime.parse("2024-01-02T00:00:00"));
        assertError(cast(S, type(TIMESTAMP)), STRINGS, List.of(row("2024-01-02 25:00:00", null)),
                "cannot CAST '2024-01-02 25:00:00' to TIMESTAMP");
    }

    @Test
    void castToStrings() {
        assertValues(cast(A, type(VARCHAR)), LONGS, List.of(row(-5L, 0L)), "-5");
        assertValues(cast(ref(0, DOUBLE), type(VARCHAR)), DOUBLES, List.of(row(0.1, 0.0)), "0.1");
        assertValues(cast(ref(0, decimal(10, 2)), type(VARCHAR)), DECIMALS, List.of(row(new BigDecimal("1.50"), null)),
                "1.50");
        assertValues(cast(P, type(VARCHAR)), BOOLEANS, List.of(row(true, null)), "TRUE");
        assertValues(cast(T, type(VARCHAR)), TIMESTAMPS, List.of(row(LocalDateTime.parse("2024-01-02T03:04:05.006"),
                null)), "2024-01-02 03:04:05.006");
        assertValues(cast(ref(1, DATE), type(VARCHAR)), TIMESTAMPS, List.of(row(null, LocalDate.parse("0999-12-31"))),
                "0999-12-31");
    }

    @Test
    void castBetweenDateAndTimestamp() {
        assertValues(cast(T, type(DATE)), TIMESTAMPS, List.of(row(LocalDateTime.parse("1969-12-31T23:00:00"), null)),
                LocalDate.parse("1969-12-31"));
        assertValues(cast(ref(1, DATE), type(TIMESTAMP)), TIMESTAMPS, List.of(row(null, LocalDate.parse("2024-03-01"))),
                LocalDateTime.parse("2024-03-01T00:00:00"));
    }

    @Test
    void castOfLiteralsIsFoldedAtPlanTime() {
        assertEquals(42L, evaluateConstant(cast(lit("42"), type(BIGINT))));
        assertEquals(null, evaluateConstant(cast(nullLit(Kind.NULL), type(BIGINT))));
    }

    // ---- strings ----

    @Test
    void upperLowerAreLocaleIndependent() {
        assertValues(call(UPPER, S), STRINGS, List.of(row("title i", null), row(null, null)), "TITLE I", null);
        assertValues(call(LOWER, S), STRINGS, List.of(row("TITLE I", null)), "title i");
    }

    @Test
    void substringAndCharLengthCountCodePoints() {
        String emoji = "a\uD83D\uDE00b";
        assertValues(call(CHAR_LENGTH, S), STRINGS, List.of(row(emoji, null), row("", null), row(null, null)), 3, 0,
                null);
        assertValues(call(SUBSTRING, S, lit(2), lit(1)), STRINGS, List.of(row(emoji, null)), "\uD83D\uDE00");
        assertValues(call(SUBSTRING, S, lit(2)), STRINGS, List.of(row(emoji, null)), "\uD83D\uDE00b");
        // a start before 1 eats into the length (SQL); a start past the end is empty
        assertValues(call(SUBSTRING, S, lit(0), lit(2)), STRINGS, List.of(row("hello", null)), "h");
        assertValues(call(SUBSTRING, S, lit(9), lit(2)), STRINGS, List.of(row("hello", null)), "");
        assertValues(call(SUBSTRING, S, lit(2), nullLit(BIGINT)), STRINGS, List.of(row("hello", null)),
                (Object) null);
        assertError(call(SUBSTRING, S, lit(1), lit(-1)), STRINGS, List.of(row("hello", null)), "negative length");
    }

    @Test
    void trimRemovesTheGivenCharacter() {
        assertValues(call(TRIM_BOTH, lit(" "), S), STRINGS, List.of(row("  a b  ", null), row(null, null)), "a b",
                null);
        assertValues(call(TRIM_LEADING, lit("x"), S), STRINGS, List.of(row("xxaxx", null)), "axx");
        assertValues(call(TRIM_TRAILING, lit("x"), S), STRINGS, List.of(row("xxaxx", null)), "xxa");
        assertValues(call(TRIM_BOTH, lit("x"), S), STRINGS, List.of(row("xxxx", null)), "");
    }

    @Test
    void positionIsOneBasedInCodePoints() {
        assertValues(call(POSITION, lit("b"), S), STRINGS, List.of(row("\uD83D\uDE00ab", null), row("xyz", null),
                row(null, null)), 3, 0, null);
        assertValues(call(POSITION, lit(""), S), STRINGS, List.of(row("abc", null)), 1);
        assertValues(call(POSITION, lit("a"), S, lit(2)), STRINGS, List.of(row("abca", null)), 4);
    }

    @Test
    void concatIsNullIfAnyOperandIsNull() {
        assertValues(call(CONCAT, S, lit("-"), U), STRINGS, List.of(row("a", "b"), row("a", null), row(null, "b")),
                "a-b", null, null);
    }

    @Test
    void likeWithWildcardsAndEscape() {
        List<List<Object>> rows = List.of(row("abc", null), row("xabcx", null), row("ab", null), row("a_c", null),
                row(null, null));
        assertValues(call(LIKE, S, lit("abc")), STRINGS, rows, true, false, false, false, null);
        assertValues(call(LIKE, S, lit("ab%")), STRINGS, rows, true, false, true, false, null);
        assertValues(call(LIKE, S, lit("%bc")), STRINGS, rows, true, false, false, false, null);
        assertValues(call(LIKE, S, lit("%bc%")), STRINGS, rows, true, true, false, false, null);
        assertValues(call(LIKE, S, lit("a_c")), STRINGS, rows, true, false, false, true, null);
        assertValues(call(LIKE, S, lit("a!_c"), lit("!")), STRINGS, rows, false, false, false, true, null);
        assertValues(call(LIKE, S, lit("%")), STRINGS, rows, true, true, true, true, null);
        assertValues(call(LIKE, S, lit("a.c")), STRINGS, List.of(row("abc", null), row("a.c", null)), false, true);
        // a pattern from a column
        assertValues(call(LIKE, S, U), STRINGS, List.of(row("abc", "a%"), row("abc", "b%"), row("abc", null)), true,
                false, null);
        assertError(call(LIKE, S, lit("a!x"), lit("!")), STRINGS, List.of(row("a", null)), "invalid escape sequence");
    }

    // ---- date and time ----

    @Test
    void extractFieldsOfATimestamp() {
        List<List<Object>> rows = List.of(row(LocalDateTime.parse("2023-11-14T22:13:20.789"), null),
                row(null, null));
        assertValues(call(EXTRACT, unit("YEAR"), T), TIMESTAMPS, rows, 2023L, null);
        assertValues(call(EXTRACT, unit("QUARTER"), T), TIMESTAMPS, rows, 4L, null);
        assertValues(call(EXTRACT, unit("MONTH"), T), TIMESTAMPS, rows, 11L, null);
        assertValues(call(EXTRACT, unit("WEEK"), T), TIMESTAMPS, rows, 46L, null);
        assertValues(call(EXTRACT, unit("DAY"), T), TIMESTAMPS, rows, 14L, null);
        assertValues(call(EXTRACT, unit("HOUR"), T), TIMESTAMPS, rows, 22L, null);
        assertValues(call(EXTRACT, unit("MINUTE"), T), TIMESTAMPS, rows, 13L, null);
        assertValues(call(EXTRACT, unit("SECOND"), T), TIMESTAMPS, rows, 20L, null);
        assertValues(call(EXTRACT, unit("MILLISECOND"), T), TIMESTAMPS, rows, 20789L, null);
        assertValues(call(EXTRACT, unit("DOW"), T), TIMESTAMPS, rows, 3L, null);
        assertValues(call(EXTRACT, unit("DOY"), T), TIMESTAMPS, rows, 318L, null);
        assertValues(call(EXTRACT, unit("YEAR"), T), TIMESTAMPS,
                List.of(row(LocalDateTime.parse("1969-12-31T23:59:59.999"), null)), 1969L);
        assertValues(call(EXTRACT, unit("MONTH"), ref(1, DATE)), TIMESTAMPS,
                List.of(row(null, LocalDate.parse("2024-02-29"))), 2L);
    }

    @Test
    void floorAndCeilOfATimestampToAUnit() {
        List<List<Object>> rows = List.of(row(LocalDateTime.parse("2023-11-14T22:13:20.789"), null));
        assertValues(call(FLOOR, T, unit("YEAR")), TIMESTAMPS, rows, LocalDateTime.parse("2023-01-01T00:00"));
        assertValues(call(FLOOR, T, unit("QUARTER")), TIMESTAMPS, rows, LocalDateTime.parse("2023-10-01T00:00"));
        assertValues(call(FLOOR, T, unit("MONTH")), TIMESTAMPS, rows, LocalDateTime.parse("2023-11-01T00:00"));
        // weeks start on Sunday, as in Calcite
        assertValues(call(FLOOR, T, unit("WEEK")), TIMESTAMPS, rows, LocalDateTime.parse("2023-11-12T00:00"));
        assertValues(call(FLOOR, T, unit("DAY")), TIMESTAMPS, rows, LocalDateTime.parse("2023-11-14T00:00"));
        assertValues(call(FLOOR, T, unit("HOUR")), TIMESTAMPS, rows, LocalDateTime.parse("2023-11-14T22:00"));
        assertValues(call(FLOOR, T, unit("MINUTE")), TIMESTAMPS, rows, LocalDateTime.parse("2023-11-14T22:13"));
        assertValues(call(FLOOR, T, unit("SECOND")), TIMESTAMPS, rows, LocalDateTime.parse("2023-11-14T22:13:20"));
        assertValues(call(CEIL, T, unit("MONTH")), TIMESTAMPS, rows, LocalDateTime.parse("2023-12-01T00:00"));
        assertValues(call(CEIL, T, unit("WEEK")), TIMESTAMPS, rows, LocalDateTime.parse("2023-11-19T00:00"));
        assertValues(call(CEIL, T, unit("HOUR")), TIMESTAMPS, rows, LocalDateTime.parse("2023-11-14T23:00"));
        // CEIL of a value already on the boundary is the value
        assertValues(call(CEIL, T, unit("DAY")), TIMESTAMPS, List.of(row(LocalDateTime.parse("2023-11-14T00:00"),
                null)), LocalDateTime.parse("2023-11-14T00:00"));
        // before the epoch, floor goes down
        assertValues(call(FLOOR, T, unit("HOUR")), TIMESTAMPS, List.of(row(LocalDateTime.parse("1969-12-31T23:30"),
                null)), LocalDateTime.parse("1969-12-31T23:00"));
    }

    @Test
    void timestampAddAndDiff() {
        List<List<Object>> rows = List.of(row(LocalDateTime.parse("2024-01-31T10:00:00"), null), row(null, null));
        assertValues(call(TIMESTAMPADD, unit("MONTH"), lit(1), T), TIMESTAMPS, rows,
                LocalDateTime.parse("2024-02-29T10:00:00"), null);
        assertValues(call(TIMESTAMPADD, unit("HOUR"), lit(-11), T), TIMESTAMPS, rows,
                LocalDateTime.parse("2024-01-30T23:00:00"), null);
        assertValues(call(TIMESTAMPADD, unit("YEAR"), lit(1), T), TIMESTAMPS, rows,
                LocalDateTime.parse("2025-01-31T10:00:00"), null);
        Expression later = timestampLit("2024-03-31 09:59:59");
        assertValues(call(TIMESTAMPDIFF, unit("MONTH"), T, later), TIMESTAMPS, rows, 1, null);
        assertValues(call(TIMESTAMPDIFF, unit("DAY"), T, later), TIMESTAMPS, rows, 59, null);
        assertValues(call(TIMESTAMPDIFF, unit("HOUR"), later, T), TIMESTAMPS, rows, -1439, null);
        assertValues(call(TIMESTAMPDIFF, unit("YEAR"), T, timestampLit("2025-01-31 10:00:00")), TIMESTAMPS, rows, 1,
                null);
    }

    @Test
    void intervalArithmeticOnTimestampsAndDates() {
        List<List<Object>> rows = List.of(row(LocalDateTime.parse("2024-01-31T10:00:00"),
                LocalDate.parse("2024-01-31")));
        Expression minusFiveSeconds = call(type(TIMESTAMP), MINUS, T, intervalMillis(5000));
        assertValues(minusFiveSeconds, TIMESTAMPS, rows, LocalDateTime.parse("2024-01-31T09:59:55"));
        assertValues(call(type(TIMESTAMP), PLUS, intervalMonths(1), T), TIMESTAMPS, rows,
                LocalDateTime.parse("2024-02-29T10:00:00"));
        assertValues(call(type(DATE), PLUS, ref(1, DATE), intervalMillis(2 * 86_400_000L)), TIMESTAMPS, rows,
                LocalDate.parse("2024-02-02"));
    }

    @Test
    void dateFormatUsesAJavaPatternInUtc() {
        assertValues(call(DATE_FORMAT, T, lit("yyyy/MM/dd HH:mm")), TIMESTAMPS,
                List.of(row(LocalDateTime.parse("2024-01-02T03:04:05"), null), row(null, null)), "2024/01/02 03:04",
                null);
    }

    @Test
    void literalNullsPropagate() {
        assertValues(call(PLUS, A, nullLit(BIGINT)), LONGS, List.of(row(1L, 1L)), (Object) null);
        assertValues(call(EQUALS, A, nullLit(Kind.NULL)), LONGS, List.of(row(1L, 1L)), (Object) null);
        assertValues(call(UPPER, nullLit(VARCHAR)), LONGS, List.of(row(1L, 1L)), (Object) null);
        assertValues(call(ABS, intLit(-1)), LONGS, List.of(row(1L, 1L)), 1);
    }
}
