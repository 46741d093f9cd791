package dev.sluice.executor.operator;

import static dev.sluice.executor.expression.Expressions.call;
import static dev.sluice.executor.expression.Expressions.lit;
import static dev.sluice.executor.expression.Expressions.ref;
import static dev.sluice.executor.operator.Batches.column;
import static dev.sluice.executor.operator.Batches.schema;
import static dev.sluice.planner.plan.proto.Call.Function.EQUALS;
import static dev.sluice.planner.plan.proto.Call.Function.MOD;
import static dev.sluice.planner.plan.proto.DataType.Kind.BIGINT;

import dev.sluice.planner.plan.proto.Calc;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A quick throughput measure, not a test: {@code WHERE value % 10 = 0 SELECT key, value} over 1M-row BIGINT
 * batches on one thread. Run its main method from the test classpath.
 */
public final class CalcThroughput {
    private CalcThroughput() {
    }

    public static void main(String[] arguments) {
        int rows = 1_000_000;
        int batches = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 400;
        Schema input = schema(column("key", BIGINT), column("value", BIGINT));
        Calc calc = Calc.newBuilder()
                .setCondition(call(EQUALS, call(MOD, ref(1, BIGINT), lit(10)), lit(0)))
                .addProjections(ref(0, BIGINT)).addProjections(ref(1, BIGINT))
                .addAllOutputNames(List.of("key", "value")).build();
        CalcOperator.Factory factory = new CalcOperator.Factory(calc, input);
        try (BufferAllocator root = new RootAllocator();
                VectorSchemaRoot batch = VectorSchemaRoot.create(input, root);
                BufferAllocator operatorAllocator = root.newChildAllocator("calc", 0, Long.MAX_VALUE);
                Operator operator = factory.create(new OperatorContext(operatorAllocator, "measure", 0, 0))) {
            BigIntVector key = (BigIntVector) batch.getVector(0);
            BigIntVector value = (BigIntVector) batch.getVector(1);
            key.allocateNew(rows);
            value.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                key.set(i, i);
                value.set(i, (i * 7919L) % 10_000);
            }
            batch.setRowCount(rows);
            long selected = 0;
            for (int round = 0; round < 3; round++) {
                long start = System.nanoTime();
                for (int b = 0; b < batches; b++) {
                    operator.addInput(batch);
                    VectorSchemaRoot output = operator.getOutput();
                    selected += output == null ? 0 : output.getRowCount();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d: %.1f M rows/s (%d batches of %d rows, %.3f s)%n", round,
                        batches * (double) rows / seconds / 1e6, batches, rows, seconds);
            }
            System.out.println("selected rows: " + selected);
        }
    }
}
