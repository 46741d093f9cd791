package dev.sluice.executor.expression;

import static dev.sluice.executor.expression.Expressions.call;
import static dev.sluice.executor.expression.Expressions.intervalMillis;
import static dev.sluice.executor.expression.Expressions.lit;
import static dev.sluice.executor.expression.Expressions.ref;
import static dev.sluice.executor.expression.Expressions.timestampLit;
import static dev.sluice.executor.expression.Expressions.type;
import static dev.sluice.executor.expression.Expressions.unit;
import static dev.sluice.executor.operator.Batches.column;
import static dev.sluice.executor.operator.Batches.row;
import static dev.sluice.executor.operator.Batches.schema;
import static dev.sluice.planner.plan.proto.Call.Function.DATE_FORMAT;
import static dev.sluice.planner.plan.proto.Call.Function.EQUALS;
import static dev.sluice.planner.plan.proto.Call.Function.EXTRACT;
import static dev.sluice.planner.plan.proto.Call.Function.GREATER_THAN;
import static dev.sluice.planner.plan.proto.Call.Function.MINUS;
import static dev.sluice.planner.plan.proto.Call.Function.PLUS;
import static dev.sluice.planner.plan.proto.Call.Function.TIMESTAMPDIFF;
import static dev.sluice.planner.plan.proto.Call.Function.TRIM_BOTH;
import static dev.sluice.planner.plan.proto.Call.Function.UPPER;
import static dev.sluice.planner.plan.proto.DataType.Kind.BIGINT;
import static dev.sluice.planner.plan.proto.DataType.Kind.BOOLEAN;
import static dev.sluice.planner.plan.proto.DataType.Kind.DATE;
import static dev.sluice.planner.plan.proto.DataType.Kind.INTERVAL_DAY_TIME;
import static dev.sluice.planner.plan.proto.DataType.Kind.TIMESTAMP;
import static dev.sluice.planner.plan.proto.DataType.Kind.VARCHAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.planner.plan.proto.Call;
import dev.sluice.planner.plan.proto.Expression;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Plan errors are found once, when an expression is compiled, and name what is wrong. */
class ExpressionCompilerTest {
    private static final Schema SCHEMA = schema(column("price", BIGINT), column("name", VARCHAR),
            column("ts", TIMESTAMP), column("day", DATE));

    private static void assertCompileError(Expression expression, String fragment) {
        ExpressionException error = assertThrows(ExpressionException.class,
                () -> new ExpressionCompiler(SCHEMA).compile(expression));
        assertTrue(error.getMessage().contains(fragment), "'" + error.getMessage() + "' should contain '"
                + fragment + "'");
    }

    @Test
    void inputReferencesAreChecked() {
        assertCompileError(ref(9, BIGINT), "input_ref 9 is out of range: the input has 4 columns [price, name, ts, "
                + "day]");
        assertCompileError(ref(1, BIGINT), "input_ref 1 (name) is declared BIGINT but the input column is VARCHAR");
    }

    @Test
    void operandTypesAndAritiesAreChecked() {
        assertCompileError(call(EQUALS, ref(0, BIGINT), ref(2, TIMESTAMP)), "cannot compare BIGINT with TIMESTAMP in "
                + "price = ts");
        assertCompileError(call(UPPER, ref(0, BIGINT)), "UPPER needs VARCHAR operands, not BIGINT (price)");
        assertCompileError(call(PLUS, ref(0, BIGINT)), "PLUS takes 2 operands, got 1");
        assertCompileError(call(EXTRACT, ref(1, VARCHAR), ref(2, TIMESTAMP)), "EXTRACT needs a time unit literal");
        assertCompileError(call(EXTRACT, unit("FORTNIGHT"), ref(2, TIMESTAMP)), "unsupported time unit FORTNIGHT");
        assertCompileError(call(DATE_FORMAT, ref(2, TIMESTAMP), ref(1, VARCHAR)), "DATE_FORMAT needs a literal "
                + "pattern");
        assertCompileError(call(DATE_FORMAT, ref(2, TIMESTAMP), lit("yyyy-{")), "invalid DATE_FORMAT pattern");
        assertCompileError(Expressions.call(type(BIGINT), Call.Function.FUNCTION_UNSPECIFIED), "unknown function");
    }

    @Test
    void conditionsMustBeBoolean() {
        ExpressionException error = assertThrows(ExpressionException.class,
                () -> new ExpressionCompiler(SCHEMA).compileCondition(ref(0, BIGINT)));
        assertEquals("condition price has type BIGINT, not BOOLEAN", error.getMessage());
    }

    @Test
    void timestampDifferencesAreDayTimeIntervals() {
        // ts - TIMESTAMP '...' > INTERVAL '1' SECOND
        Expression elapsed = call(type(INTERVAL_DAY_TIME), MINUS, ref(2, TIMESTAMP),
                timestampLit("2024-01-01 00:00:00"));
        ExpressionTesting.assertValues(call(GREATER_THAN, elapsed, intervalMillis(1000)), SCHEMA, List.of(
                row(1L, "a", LocalDateTime.parse("2024-01-01T00:00:01"), null),
                row(1L, "a", LocalDateTime.parse("2024-01-01T00:00:01.001"), null)), false, true);
        ExpressionTesting.assertValues(call(TIMESTAMPDIFF, unit("DAY"), ref(3, DATE), ref(2, TIMESTAMP)), SCHEMA,
                List.of(row(1L, "a", LocalDateTime.parse("2024-01-03T12:00:00"), LocalDate.parse("2024-01-01"))), 2);
    }

    @Test
    void trimTakesExactlyOneCharacter() {
        ExpressionTesting.assertError(call(TRIM_BOTH, lit("ab"), ref(1, VARCHAR)), SCHEMA,
                List.of(row(1L, "abcab", null, null)), "TRIM characters must be exactly one character, not 'ab'");
    }

    @Test
    void textOfNestedExpressionsIsParenthesised() {
        VectorExpression compiled = new ExpressionCompiler(SCHEMA).compile(call(type(BOOLEAN), EQUALS,
                call(PLUS, ref(0, BIGINT), lit(1)), lit(2)));
        assertEquals("(price + 1) = 2", compiled.text());
    }
}
