package dev.sluice.executor.expression;

import static dev.sluice.executor.expression.Expressions.call;
import static dev.sluice.executor.expression.Expressions.lit;
import static dev.sluice.executor.expression.Expressions.ref;
import static dev.sluice.executor.operator.Batches.column;
import static dev.sluice.executor.operator.Batches.row;
import static dev.sluice.executor.operator.Batches.schema;
import static dev.sluice.planner.plan.proto.Call.Function.DIVIDE;
import static dev.sluice.planner.plan.proto.Call.Function.MOD;
import static dev.sluice.planner.plan.proto.DataType.Kind.BIGINT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Division and MOD by a literal take a faster path than the general loop: they must agree with Java's / and %. */
class ConstantDivisorTest {
    private static final Schema SCHEMA = schema(column("x", BIGINT));

    @Test
    void divisionAndModByLiteralsMatchJava() {
        Random random = new Random(42);
        List<Long> values = new ArrayList<>();
        long[] edges = {0, 1, -1, 9, 10, 11, -9, -10, -11, (1L << 40) - 1, -(1L << 40) + 1, 1L << 40, -(1L << 40),
                Long.MAX_VALUE, Long.MIN_VALUE, 999_999_999_999L, -999_999_999_999L};
        for (long edge : edges) {
            values.add(edge);
        }
        for (int i = 0; i < 2000; i++) {
            values.add(switch (i % 4) {
                case 0 -> (long) random.nextInt();
                case 1 -> random.nextLong() >> 24;
                case 2 -> random.nextLong();
                default -> (long) random.nextInt(1000) - 500;
            });
        }
        List<List<Object>> rows = new ArrayList<>();
        for (long value : values) {
            rows.add(row(value));
        }
        for (long divisor : new long[] {1, 2, 3, 7, 10, -10, 1000, 999_983, -3, Long.MAX_VALUE, Long.MIN_VALUE,
                1L << 41}) {
            List<Object> quotients = new ArrayList<>();
            List<Object> remainders = new ArrayList<>();
            for (long value : values) {
                quotients.add(value / divisor);
                remainders.add(value % divisor);
            }
            assertEquals(quotients, ExpressionTesting.evaluate(call(DIVIDE, ref(0, BIGINT), lit(divisor)), SCHEMA,
                    rows), "x / " + divisor);
            assertEquals(remainders, ExpressionTesting.evaluate(call(MOD, ref(0, BIGINT), lit(divisor)), SCHEMA,
                    rows), "MOD(x, " + divisor + ")");
        }
    }

    @Test
    void divisionByALiteralZeroIsStillAnError() {
        ExpressionTesting.assertError(call(DIVIDE, ref(0, BIGINT), lit(0)), SCHEMA, List.of(row(5L)),
                "division by zero in x / 0");
        ExpressionTesting.assertError(call(DIVIDE, ref(0, BIGINT), lit(-1)), SCHEMA, List.of(row(Long.MIN_VALUE)),
                "BIGINT overflow in x / -1");
    }
}
