package dev.sluice.executor.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs one operator through its whole lifecycle over test batches (in the manner of Trino's OperatorAssertion):
 * one input root refilled for every batch, as a source reader does, each batch pushed when the operator asks,
 * outputs drained and read before the next call, finish, a check that the operator is finished and wants no more
 * input, close, and then the root allocator is closed so that any leaked buffer fails the test.
 */
public final class OperatorHarness {
    private OperatorHarness() {
    }

    /** The rows the operator outputs for {@code batches}, in order. */
    public static List<List<Object>> run(OperatorFactory factory, Schema inputSchema,
            List<List<List<Object>>> batches) {
        List<List<Object>> output = new ArrayList<>();
        try (BufferAllocator root = new RootAllocator()) {
            try (BufferAllocator operatorAllocator = root.newChildAllocator("operator", 0, Long.MAX_VALUE);
                    BufferAllocator inputAllocator = root.newChildAllocator("input", 0, Long.MAX_VALUE);
                    VectorSchemaRoot input = VectorSchemaRoot.create(inputSchema, inputAllocator);
                    Operator operator = factory.create(new OperatorContext(operatorAllocator, "query", 7, 0))) {
                for (List<List<Object>> batch : batches) {
                    assertTrue(operator.needsInput(), "operator should need input before each batch");
                    Batches.fill(input, batch);
                    operator.addInput(input);
                    drain(operator, factory.outputSchema(), output);
                }
                operator.finish();
                drain(operator, factory.outputSchema(), output);
                assertTrue(operator.isFinished(), "operator should be finished after finish() and draining");
                assertFalse(operator.needsInput(), "a finished operator needs no input");
                assertNull(operator.getOutput(), "a finished operator has no output");
            }
        }
        return output;
    }

    /** Runs the operator and checks its output rows equal {@code expected}, in order. */
    public static void assertOutput(OperatorFactory factory, Schema inputSchema, List<List<List<Object>>> batches,
            List<List<Object>> expected) {
        assertEquals(expected, run(factory, inputSchema, batches));
    }

    private static void drain(Operator operator, Schema expectedSchema, List<List<Object>> output) {
        VectorSchemaRoot batch;
        while ((batch = operator.getOutput()) != null) {
            assertEquals(expectedSchema, batch.getSchema(), "output batch schema");
            output.addAll(Batches.rows(batch));
        }
    }
}
