package dev.sluice.executor.aggregate;

import static dev.sluice.executor.aggregate.AggregateSpecs.call;
import static dev.sluice.executor.aggregate.AggregateSpecs.column;
import static dev.sluice.executor.aggregate.AggregateSpecs.countStar;
import static dev.sluice.executor.aggregate.AggregateSpecs.session;
import static dev.sluice.executor.aggregate.AggregateSpecs.tumble;
import static dev.sluice.executor.aggregate.AggregateSpecs.type;
import static dev.sluice.executor.operator.Batches.row;
import static dev.sluice.planner.plan.proto.AggregateCall.Function.SUM;
import static dev.sluice.planner.plan.proto.DataType.Kind.BIGINT;
import static dev.sluice.planner.plan.proto.DataType.Kind.INT;
import static dev.sluice.planner.plan.proto.DataType.Kind.TIMESTAMP;
import static dev.sluice.planner.plan.proto.DataType.Kind.VARCHAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.executor.operator.Batches;
import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.planner.plan.proto.Aggregate;
import dev.sluice.planner.plan.proto.ColumnDefinition;
import dev.sluice.planner.plan.proto.OutputMode;
import dev.sluice.planner.plan.proto.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class PartialAggregateOperatorTest {
    private static final List<ColumnDefinition> COLUMNS = List.of(column("ts", type(TIMESTAMP)),
            column("k", type(INT)), column("name", type(VARCHAR)), column("v", type(BIGINT)));

    private static AggregateOperatorFactory factory(WindowSpec window, int key, long memoryBytes) {
        Aggregate spec = AggregateSpecs.aggregate(COLUMNS, window, List.of(key),
                List.of(countStar("rows"), call("total", SUM, 3, type(BIGINT))), 0);
        return new AggregateOperatorFactory(spec, OutputMode.UPDATE, 128, memoryBytes);
    }

    /** The partial rows of one task over the given input batches, drained after each. */
    private static List<List<Object>> partialRows(AggregateOperatorFactory factory, List<List<List<Object>>> inputs) {
        List<List<Object>> rows = new ArrayList<>();
        try (BufferAllocator root = new RootAllocator();
                BufferAllocator inputAllocator = root.newChildAllocator("input", 0, Long.MAX_VALUE);
                VectorSchemaRoot input = VectorSchemaRoot.create(factory.inputSchema(), inputAllocator);
                BufferAllocator operatorAllocator = root.newChildAllocator("partial", 0, Long.MAX_VALUE);
                PartialAggregateOperator partial = factory.createPartial(new OperatorContext(operatorAllocator,
                        "query", 0, 0))) {
            for (List<List<Object>> batch : inputs) {
                Batches.fill(input, batch);
                partial.addInput(input);
                VectorSchemaRoot output;
                while ((output = partial.getOutput()) != null) {
                    rows.addAll(Batches.rows(output));
                }
            }
            partial.finish();
            VectorSchemaRoot output;
            while ((output = partial.getOutput()) != null) {
                rows.addAll(Batches.rows(output));
            }
        }
        return rows;
    }

    private static Object at(long millis) {
        return ReferenceAggregation.time(millis);
    }

    @Test
    void emitsItsGroupsAsSoonAsTheyPassTheMemoryBoundAndThenTakesInputAgain() {
        AggregateOperatorFactory factory = factory(tumble(0, 10_000), 1, 1);
        try (BufferAllocator root = new RootAllocator();
                VectorSchemaRoot input = VectorSchemaRoot.create(factory.inputSchema(), root);
                PartialAggregateOperator partial = factory.createPartial(new OperatorContext(root, "query", 0, 0))) {
            Batches.fill(input, List.of(row(at(1), 1, "a", 5L), row(at(2), 1, "a", 6L)));
            partial.addInput(input);
            assertFalse(partial.needsInput(), "over its bound, the operator emits before it takes more input");
            VectorSchemaRoot output = partial.getOutput();
            assertNotNull(output);
            assertEquals(List.of(List.of(1, 2L, 0L, 11L, 2L)), Batches.rows(output).stream()
                    .map(values -> List.of(values.get(3), values.get(4), values.get(5), values.get(6),
                            values.get(7))).toList());
            assertNull(partial.getOutput());
            assertTrue(partial.needsInput());
            Batches.fill(input, List.of(row(at(3), 1, "a", 7L)));
            partial.addInput(input);
            assertEquals(1, partial.getOutput().getRowCount(), "the next batch starts an empty table");
            assertNull(partial.getOutput());
            partial.finish();
            assertNull(partial.getOutput());
            assertTrue(partial.isFinished());
        }
    }

    @Test
    void keyGroupsArePinnedFunctionsOfTheKeyAndWindowStart() {
        // The key group is part of the state format: a stored group is found again only under the same one. The
        // values were computed apart from this code, from the documented format: 64-bit FNV-1a over
        // [window start, 8 bytes sign-flipped][0x01][INT key, 4 bytes sign-flipped] (or [0x00] for NULL), folded
        // to 32 bits, then KeyGroups' mix and modulo 128.
        List<List<Object>> tumbling = partialRows(factory(tumble(0, 10_000), 1, 1 << 20), List.of(List.of(
                row(at(1_000), 7, null, 1L), row(at(11_000), 7, null, 1L), row(at(1_000), null, null, 1L))));
        assertEquals(List.of(at(0), 7, 2), List.of(tumbling.get(0).get(1), tumbling.get(0).get(3),
                tumbling.get(0).get(0)));
        assertEquals(List.of(at(10_000), 7, 86), List.of(tumbling.get(1).get(1), tumbling.get(1).get(3),
                tumbling.get(1).get(0)));
        assertEquals(List.of(at(0), 117), List.of(tumbling.get(2).get(1), tumbling.get(2).get(0)));

        // SESSION hashes the session keys only: every session of a key shares its key group
        List<List<Object>> sessions = partialRows(factory(session(0, 1_000), 2, 1 << 20), List.of(List.of(
                row(at(0), 1, "a", 1L), row(at(50_000), 1, "a", 1L), row(at(0), 1, "b", 1L))));
        assertEquals(3, sessions.size());
        assertEquals(sessions.get(0).get(0), sessions.get(1).get(0));
        assertEquals(List.of(123, 123, 25), sessions.stream().map(values -> values.get(0)).toList());
    }

    @Test
    void refusesABatchOfAnotherSchema() {
        AggregateOperatorFactory factory = factory(tumble(0, 10_000), 1, 1 << 20);
        Schema other = new Schema(List.of(Field.nullable("ts", new ArrowType.Int(64, true)),
                Field.nullable("k", new ArrowType.Int(32, true)), Field.nullable("name", ArrowType.Utf8.INSTANCE),
                Field.nullable("v", new ArrowType.Int(64, true))));
        try (BufferAllocator root = new RootAllocator();
                VectorSchemaRoot input = VectorSchemaRoot.create(other, root);
                PartialAggregateOperator partial = factory.createPartial(new OperatorContext(root, "query", 0, 0))) {
            String message = assertThrows(IllegalArgumentException.class, () -> partial.addInput(input)).getMessage();
            assertTrue(message.contains("input column 0 'ts' should be Timestamp(MILLISECOND, null)"), message);
        }
    }
}
