package dev.sluice.executor.expression;

import static dev.sluice.executor.expression.Expressions.call;
import static dev.sluice.executor.expression.Expressions.lit;
import static dev.sluice.executor.expression.Expressions.ref;
import static dev.sluice.executor.operator.Batches.column;
import static dev.sluice.executor.operator.Batches.row;
import static dev.sluice.executor.operator.Batches.schema;
import static dev.sluice.planner.plan.proto.Call.Function.TIMES;
import static dev.sluice.planner.plan.proto.DataType.Kind.BIGINT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Multiplication by a positive literal decides overflow from the operand's range: it must agree with Java's. */
class ConstantFactorTest {
    private static final Schema SCHEMA = schema(column("x", BIGINT));

    @Test
    void productsByALiteralMatchMultiplyExactAtEveryEdge() {
        Random random = new Random(7);
        for (long factor : new long[] {1, 2, 7, 1000, 7919, 48_271, 999_983, 1L << 40, Long.MAX_VALUE}) {
            List<Long> values = new ArrayList<>(Arrays.asList(0L, 1L, -1L, Long.MAX_VALUE / factor,
                    Long.MIN_VALUE / factor, -(Long.MAX_VALUE / factor)));
            for (int i = 0; i < 500; i++) {
                values.add(random.nextLong() % (Long.MAX_VALUE / factor + 1));
            }
            List<List<Object>> rows = new ArrayList<>();
            List<Object> products = new ArrayList<>();
            for (long value : values) {
                rows.add(row(value));
                products.add(Math.multiplyExact(value, factor));
            }
            assertEquals(products, ExpressionTesting.evaluate(call(TIMES, ref(0, BIGINT), lit(factor)), SCHEMA,
                    rows), "x * " + factor);
        }
    }

    @Test
    void oneOperandPastTheRangeIsAnOverflowNamingIt() {
        long factor = 7919;
        long first = Long.MAX_VALUE / factor + 1;
        ExpressionTesting.assertError(call(TIMES, ref(0, BIGINT), lit(factor)), SCHEMA,
                List.of(row(1L), row(first), row(2L)), "BIGINT overflow in x * 7919: " + first + " * 7919");
        long last = Long.MIN_VALUE / factor - 1;
        ExpressionTesting.assertError(call(TIMES, ref(0, BIGINT), lit(factor)), SCHEMA,
                List.of(row(last)), "BIGINT overflow in x * 7919: " + last + " * 7919");
    }

    @Test
    void aNullOperandIsANullProductNotAnOverflow() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row(3L));
        rows.add(Arrays.asList((Object) null));
        List<Object> expected = new ArrayList<>();
        expected.add(6L);
        expected.add(null);
        assertEquals(expected, ExpressionTesting.evaluate(call(TIMES, ref(0, BIGINT), lit(2)), SCHEMA, rows));
    }
}
