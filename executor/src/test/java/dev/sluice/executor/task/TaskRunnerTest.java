package dev.sluice.executor.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.connector.Connectors;
import dev.sluice.connector.LatestOffsetRequest;
import dev.sluice.connector.Offset;
import dev.sluice.connector.PlanPartitionsRequest;
import dev.sluice.connector.Sink;
import dev.sluice.connector.Source;
import dev.sluice.connector.TableContext;
import dev.sluice.executor.operator.Operator;
import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.executor.operator.OperatorFactory;
import dev.sluice.planner.plan.proto.ColumnDefinition;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.planner.plan.proto.TableDefinition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The task runner's push/pull driving of operators, with hand-written operators over real datagen batches. */
class TaskRunnerTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int index = resources.size() - 1; index >= 0; index--) {
            resources.get(index).close();
        }
        allocator.close(); // fails the test if a task leaked a buffer
    }

    @Test
    void pushesEveryBatchThroughTheOperatorsAndDrainsThemAtTheEnd() throws IOException {
        List<String> events = new ArrayList<>();
        PreparedQuery query = query(List.of(new HoldOneBatch.Factory(events), new HoldOneBatch.Factory(events)));
        TaskResult result = new TaskRunner(allocator).run(query, task(), () -> false);

        assertEquals(10_000, result.inputRows());
        assertEquals(10_000, result.outputRows());
        assertTrue(events.contains("finish"), events.toString());
        assertEquals(2, events.stream().filter("close"::equals).count(), "each operator closed once");
    }

    @Test
    void aFailingOperatorFailsTheTaskAndReleasesEverything() throws IOException {
        OperatorFactory failing = new OperatorFactory() {
            @Override
            public Schema outputSchema() {
                return TableSchemas.schemaOf("numbers", columns());
            }

            @Override
            public Operator create(OperatorContext context) {
                return new HoldOneBatch(context, new ArrayList<>()) {
                    @Override
                    public void addInput(VectorSchemaRoot batch) {
                        throw new ArithmeticException("BIGINT overflow in id + 1");
                    }
                };
            }
        };
        PreparedQuery query = query(List.of(failing));
        ArithmeticException failure = assertThrows(ArithmeticException.class,
                () -> new TaskRunner(allocator).run(query, task(), () -> false));
        assertEquals("BIGINT overflow in id + 1", failure.getMessage());
    }

    @Test
    void aCancelledTaskStops() throws IOException {
        PreparedQuery query = query(List.of());
        TaskCancelledException failure = assertThrows(TaskCancelledException.class,
                () -> new TaskRunner(allocator).run(query, task(), () -> true));
        assertEquals("task 0 of batch 0 of query q was cancelled", failure.getMessage());
    }

    private String partitionJson;

    private TaskRequest task() {
        return new TaskRequest("q", 0, 0, 0, partitionJson, 0);
    }

    private static List<ColumnDefinition> columns() {
        return List.of(ColumnDefinition.newBuilder().setName("id")
                .setType(DataType.newBuilder().setKind(DataType.Kind.BIGINT).setNullable(true)).build());
    }

    private PreparedQuery query(List<OperatorFactory> operators) {
        TableDefinition source = TableDefinition.newBuilder().setName("numbers").setConnector("datagen")
                .putAllOptions(Map.of("connector", "datagen", "number-of-rows", "10000")).addAllColumns(columns())
                .build();
        TableDefinition sink = TableDefinition.newBuilder().setName("nowhere").setConnector("blackhole")
                .putOptions("connector", "blackhole").addAllColumns(columns()).build();
        Connectors connectors = Connectors.discover();
        Source sourceInstance = connectors.createSource(TableContext.of("numbers", TableSchemas.schemaOf(source),
                source.getOptionsMap()));
        Sink sinkInstance = connectors.createSink(TableContext.of("nowhere", TableSchemas.schemaOf(sink),
                sink.getOptionsMap()));
        resources.add(sourceInstance);
        resources.add(sinkInstance);
        partitionJson = onlyPartition(sourceInstance);
        return PreparedQuery.of("q", QueryPlan.newBuilder().addSources(source).setSink(sink).build(),
                List.of(sourceInstance), sinkInstance, List.of(new PreparedQuery.PreparedPipeline(0, operators)));
    }

    /** All the source's rows as one partition, as the driver's source instance plans it. */
    private static String onlyPartition(Source source) {
        Offset start = source.initialOffset();
        Offset end = source.latestOffset(new LatestOffsetRequest(start, source.defaultReadLimit()));
        return source.planInputPartitions(new PlanPartitionsRequest(start, end, 0, 1)).get(0).json();
    }

    /**
     * Holds one batch (a copy in its own allocator) and returns it on the next call: exercises needsInput,
     * getOutput returning null, and the drain after finish.
     */
    private static class HoldOneBatch implements Operator {
        private final OperatorContext context;
        private final List<String> events;
        private VectorSchemaRoot held;
        private VectorSchemaRoot returned;
        private boolean finished;

        HoldOneBatch(OperatorContext context, List<String> events) {
            this.context = context;
            this.events = events;
        }

        @Override
        public boolean needsInput() {
            return held == null && !finished;
        }

        @Override
        public void addInput(VectorSchemaRoot batch) {
            if (!needsInput()) {
                throw new IllegalStateException("addInput while not needing input");
            }
            held = VectorSchemaRoot.create(batch.getSchema(), context.allocator());
            BigIntVector from = (BigIntVector) batch.getVector(0);
            BigIntVector to = (BigIntVector) held.getVector(0);
            to.allocateNew(batch.getRowCount());
            for (int row = 0; row < batch.getRowCount(); row++) {
                to.copyFrom(row, row, from);
            }
            held.setRowCount(batch.getRowCount());
        }

        @Override
        public VectorSchemaRoot getOutput() {
            releaseReturned();
            if (held == null) {
                return null;
            }
            returned = held;
            held = null;
            return returned;
        }

        @Override
        public void finish() {
            events.add("finish");
            finished = true;
        }

        @Override
        public boolean isFinished() {
            return finished && held == null;
        }

        @Override
        public void close() {
            events.add("close");
            releaseReturned();
            if (held != null) {
                held.close();
            }
        }

        private void releaseReturned() {
            if (returned != null) {
                returned.close();
                returned = null;
            }
        }

        record Factory(List<String> events) implements OperatorFactory {
            @Override
            public Schema outputSchema() {
                return TableSchemas.schemaOf("numbers", columns());
            }

            @Override
            public Operator create(OperatorContext context) {
                return new HoldOneBatch(context, events);
            }
        }
    }
}
