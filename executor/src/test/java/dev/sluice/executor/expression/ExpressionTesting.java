package dev.sluice.executor.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.executor.operator.Batches;
import dev.sluice.executor.operator.CalcOperator;
import dev.sluice.executor.operator.OperatorHarness;
import dev.sluice.planner.plan.proto.Calc;
import dev.sluice.planner.plan.proto.Expression;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** Evaluates one expression as the only projection of a Calc over test rows, through the whole operator. */
final class ExpressionTesting {
    private ExpressionTesting() {
    }

    /** The expression's value for each row (one batch). */
    static List<Object> evaluate(Expression expression, Schema schema, List<List<Object>> rows) {
        Calc calc = Calc.newBuilder().addProjections(expression).addOutputNames("value").build();
        List<List<Object>> output = OperatorHarness.run(new CalcOperator.Factory(calc, schema), schema,
                List.of(rows));
        List<Object> values = new ArrayList<>();
        for (List<Object> row : output) {
            values.add(row.get(0));
        }
        return values;
    }

    static void assertValues(Expression expression, Schema schema, List<List<Object>> rows, Object... expected) {
        assertEquals(Arrays.asList(expected), evaluate(expression, schema, rows), expression.toString());
    }

    /** Evaluates an expression over one row of no columns (literals only). */
    static Object evaluateConstant(Expression expression) {
        Schema schema = Batches.schema(Batches.column("unused", dev.sluice.planner.plan.proto.DataType.Kind.BIGINT));
        return evaluate(expression, schema, List.of(Batches.row(0L))).get(0);
    }

    static void assertError(Expression expression, Schema schema, List<List<Object>> rows, String... fragments) {
        ExpressionException error = assertThrows(ExpressionException.class,
                () -> evaluate(expression, schema, rows));
        for (String fragment : fragments) {
            assertTrue(error.getMessage().contains(fragment),
                    "message '" + error.getMessage() + "' should contain '" + fragment + "'");
        }
    }
}
