package dev.sluice.benchmarks.aggregate;

import dev.sluice.checkpoint.LocalPublishOnceStore;
import dev.sluice.executor.aggregate.AggregateOperatorFactory;
import dev.sluice.executor.aggregate.PartialAggregateOperator;
import dev.sluice.executor.aggregate.StatefulAggregateOperator;
import dev.sluice.executor.operator.Operator;
import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.planner.plan.proto.Aggregate;
import dev.sluice.planner.plan.proto.AggregateCall;
import dev.sluice.planner.plan.proto.ColumnDefinition;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.OutputMode;
import dev.sluice.planner.plan.proto.WindowSpec;
import dev.sluice.state.KeyGroups;
import dev.sluice.state.StateStore;
import dev.sluice.state.StateStoreId;
import dev.sluice.state.rocksdb.RocksDbStateStoreProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The windowed aggregation of the W2 shape, one batch of 1,000,000 rows: {@code ts} (100,000 rows per second of
 * event time, up to 2 s out of order), {@code key INT} (10,000 distinct), {@code value BIGINT};
 * {@code TUMBLE(ts, 10 s)}, {@code GROUP BY window, key}, {@code COUNT(*), SUM(value)}. Throughput mode with one
 * operation per input row of the batch, so both scores read as the batch's rows per second on one thread.
 *
 * <ul>
 *   <li>{@code partial}: the scan side, the batch in Arrow batches of 16,384 rows through a
 *       {@link PartialAggregateOperator} (late-row check, window, hash table, accumulators, partial output).</li>
 *   <li>{@code stateful}: the state side, the partial rows that batch produces (about 20,000: one per window and
 *       key) through a {@link StatefulAggregateOperator} over a real RocksDB store in update mode, every group
 *       already stored (the steady state: read, merge, write back, emit). The store loads the committed version
 *       and aborts after the batch, so every invocation does the same work; commit (the changelog upload) is
 *       the store's cost and not measured here.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.nio=ALL-UNNAMED")
public class AggregationBenchmark {
    private static final int ROWS = 1_000_000;
    private static final int BATCH_ROWS = 16_384;
    private static final int KEYS = 10_000;
    private static final int ROWS_PER_MILLISECOND = 100;
    private static final int DISORDER_MS = 2_000;
    private static final long START_MS = 1_764_028_800_000L;
    private static final int KEY_GROUPS = KeyGroups.DEFAULT_KEY_GROUPS;

    private BufferAllocator allocator;
    private AggregateOperatorFactory factory;
    private final List<VectorSchemaRoot> inputs = new ArrayList<>();
    private final List<VectorSchemaRoot> partials = new ArrayList<>();
    private Path directory;
    private RocksDbStateStoreProvider provider;
    private StateStore store;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        allocator = new RootAllocator();
        factory = new AggregateOperatorFactory(spec(), OutputMode.UPDATE, KEY_GROUPS);
        Random random = new Random(1);
        for (int first = 0; first < ROWS; first += BATCH_ROWS) {
            int rows = Math.min(BATCH_ROWS, ROWS - first);
            VectorSchemaRoot batch = VectorSchemaRoot.create(factory.inputSchema(), allocator);
            TimeStampMilliVector ts = (TimeStampMilliVector) batch.getVector(0);
            IntVector key = (IntVector) batch.getVector(1);
            BigIntVector value = (BigIntVector) batch.getVector(2);
            ts.allocateNew(rows);
            key.allocateNew(rows);
            value.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                int row = first + i;
                ts.set(i, START_MS + row / ROWS_PER_MILLISECOND - random.nextInt(DISORDER_MS));
                key.set(i, random.nextInt(KEYS));
                value.set(i, random.nextInt(1_000_000));
            }
            batch.setRowCount(rows);
            inputs.add(batch);
        }
        // the partial rows of the batch, kept for the state side (moved out of the operator's reused output)
        try (BufferAllocator operatorAllocator = allocator.newChildAllocator("partial", 0, Long.MAX_VALUE);
                PartialAggregateOperator partial = factory.createPartial(context(operatorAllocator))) {
            for (VectorSchemaRoot input : inputs) {
                partial.addInput(input);
                keep(partial);
            }
            partial.finish();
            keep(partial);
        }
        directory = Files.createTempDirectory("sluice-aggregation-bench");
        provider = RocksDbStateStoreProvider.open(new LocalPublishOnceStore(directory.resolve("checkpoint")),
                RocksDbStateStoreProvider.Settings.defaults(directory.resolve("local")));
        store = provider.open(new StateStoreId("aggregate", 0));
        store.load(StateStore.EMPTY_VERSION);
        runStateful();
        store.commit(0);
    }

    private void keep(Operator partial) {
        VectorSchemaRoot output;
        while ((output = partial.getOutput()) != null) {
            VectorSchemaRoot copy = VectorSchemaRoot.create(factory.partialSchema(), allocator);
            for (int column = 0; column < output.getFieldVectors().size(); column++) {
                output.getVector(column).makeTransferPair(copy.getVector(column)).transfer();
            }
            copy.setRowCount(output.getRowCount());
            partials.add(copy);
        }
    }

    private OperatorContext context(BufferAllocator operatorAllocator) {
        // a watermark behind every row: the late-row check runs and drops nothing
        return new OperatorContext(operatorAllocator, "benchmark", 1, 0, START_MS - 10_000);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        inputs.forEach(VectorSchemaRoot::close);
        partials.forEach(VectorSchemaRoot::close);
        provider.close();
        allocator.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The scan side over the 1,000,000-row batch; returns the partial rows. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long partial() {
        long rows = 0;
        try (BufferAllocator operatorAllocator = allocator.newChildAllocator("partial", 0, Long.MAX_VALUE);
                PartialAggregateOperator partial = factory.createPartial(context(operatorAllocator))) {
            for (VectorSchemaRoot input : inputs) {
                partial.addInput(input);
                rows += drain(partial);
            }
            partial.finish();
            rows += drain(partial);
        }
        return rows;
    }

    /** The state side over the batch's partial rows, on the stored state of the same groups; returns output rows. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long stateful() {
        store.load(0);
        long rows = runStateful();
        store.abort();
        return rows;
    }

    private long runStateful() {
        long rows = 0;
        try (BufferAllocator operatorAllocator = allocator.newChildAllocator("state", 0, Long.MAX_VALUE);
                StatefulAggregateOperator stateful = factory.createStateful(context(operatorAllocator),
                        store.state(), KeyGroups.rangeOf(0, KEY_GROUPS, 1))) {
            for (VectorSchemaRoot partial : partials) {
                stateful.addInput(partial);
            }
            stateful.finish();
            rows += drain(stateful);
        }
        return rows;
    }

    private static long drain(Operator operator) {
        long rows = 0;
        VectorSchemaRoot output;
        while ((output = operator.getOutput()) != null) {
            rows += output.getRowCount();
        }
        return rows;
    }

    private static Aggregate spec() {
        DataType timestamp = DataType.newBuilder().setKind(DataType.Kind.TIMESTAMP).setNullable(true).build();
        DataType integer = DataType.newBuilder().setKind(DataType.Kind.INT).setNullable(true).build();
        DataType bigint = DataType.newBuilder().setKind(DataType.Kind.BIGINT).setNullable(true).build();
        return Aggregate.newBuilder()
                .setOperatorId("aggregate")
                .addInputColumns(ColumnDefinition.newBuilder().setName("ts").setType(timestamp))
                .addInputColumns(ColumnDefinition.newBuilder().setName("key").setType(integer))
                .addInputColumns(ColumnDefinition.newBuilder().setName("value").setType(bigint))
                .setWindow(WindowSpec.newBuilder().setKind(WindowSpec.Kind.TUMBLE).setTimeColumn(0)
                        .setSizeMs(10_000))
                .addGroupKeys(1)
                .addCalls(AggregateCall.newBuilder().setName("rows")
                        .setFunction(AggregateCall.Function.COUNT_STAR).setArgument(-1).setFilterColumn(-1)
                        .setType(bigint.toBuilder().setNullable(false)))
                .addCalls(AggregateCall.newBuilder().setName("total").setFunction(AggregateCall.Function.SUM)
                        .setArgument(2).setFilterColumn(-1).setType(bigint))
                .setEventTimeColumn(0)
                .build();
    }
}
