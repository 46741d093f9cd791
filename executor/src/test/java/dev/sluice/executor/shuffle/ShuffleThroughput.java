package dev.sluice.executor.shuffle;

import dev.sluice.connector.Connectors;
import dev.sluice.executor.expression.ArrowTypes;
import dev.sluice.executor.rpc.proto.ShuffleInput;
import dev.sluice.executor.server.ExecutorRpcService;
import dev.sluice.executor.server.ExecutorServer;
import dev.sluice.planner.plan.proto.DataType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A quick throughput measure, not a test: a round trip of 1 M rows (key group INT, TIMESTAMP, BIGINT, BIGINT) from
 * a writer on executor A, in 8192-row batches, into 4 state partitions of 128 key groups, then read on executor B
 * (fetched from A), one partition after the other on one thread. Over in-process executors and over TCP on
 * loopback; with a read on A itself (from its store) for comparison. Run its main method from the test classpath
 * (with {@code --add-opens=java.base/java.nio=ALL-UNNAMED}); the argument is the number of rounds. Wall-clock
 * rates include gRPC's own threads; "cpu" is the measuring thread's CPU time alone (writing is all on it), which
 * holds still when other processes share the machine.
 */
public final class ShuffleThroughput {
    private static final int ROWS = 1_000_000;
    private static final int BATCH_ROWS = 8_192;
    private static final int PARTITIONS = 4;
    private static final int KEY_GROUPS = 128;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ShuffleThroughput() {
    }

    public static void main(String[] arguments) throws Exception {
        int rounds = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 5;
        Schema schema = new Schema(List.of(
                new Field("key_group", new FieldType(false, new ArrowType.Int(32, true), null), null),
                field("window_end", DataType.Kind.TIMESTAMP), field("key", DataType.Kind.BIGINT),
                field("total", DataType.Kind.BIGINT)));
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
            List<VectorSchemaRoot> batches = new ArrayList<>();
            for (int from = 0; from < ROWS; from += BATCH_ROWS) {
                batches.add(batch(schema, allocator, from, Math.min(BATCH_ROWS, ROWS - from)));
            }
            String nameA = "throughput-a-" + UUID.randomUUID();
            String nameB = "throughput-b-" + UUID.randomUUID();
            try (ExecutorServer a = ExecutorServer.startInProcess(service("executor-a"), nameA);
                    ExecutorServer b = ExecutorServer.startInProcess(service("executor-b"), nameB)) {
                measure("in-process", a, ShuffleChannels.inProcessTarget(nameA), b,
                        ShuffleChannels.inProcessTarget(nameB), schema, batches, allocator, rounds);
            }
            try (ExecutorServer a = ExecutorServer.startTcp(service("executor-a"), "127.0.0.1", 0);
                    ExecutorServer b = ExecutorServer.startTcp(service("executor-b"), "127.0.0.1", 0)) {
                measure("tcp", a, "127.0.0.1:" + a.port(), b, "127.0.0.1:" + b.port(), schema, batches, allocator,
                        rounds);
            }
            batches.forEach(VectorSchemaRoot::close);
        }
    }

    private static ExecutorRpcService service(String id) {
        return new ExecutorRpcService(id, 2, Connectors.discover());
    }

    private static Field field(String name, DataType.Kind kind) {
        return new Field(name, ArrowTypes.fieldType(DataType.newBuilder().setKind(kind).setNullable(true).build()),
                null);
    }

    private static VectorSchemaRoot batch(Schema schema, BufferAllocator allocator, int from, int rows) {
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
        IntVector keyGroup = (IntVector) batch.getVector(0);
        TimeStampMilliVector windowEnd = (TimeStampMilliVector) batch.getVector(1);
        BigIntVector key = (BigIntVector) batch.getVector(2);
        BigIntVector total = (BigIntVector) batch.getVector(3);
        keyGroup.allocateNew(rows);
        windowEnd.allocateNew(rows);
        key.allocateNew(rows);
        total.allocateNew(rows);
        for (int row = 0; row < rows; row++) {
            long n = from + row;
            long k = (n * 7919) % 100_000;
            keyGroup.set(row, (int) Math.floorMod(Long.hashCode(k) * 0x9E3779B9, KEY_GROUPS));
            windowEnd.set(row, 1_700_000_000_000L + (n / 1000) * 10_000);
            key.set(row, k);
            total.set(row, n * 3);
        }
        batch.setRowCount(rows);
        return batch;
    }

    private static void measure(String transport, ExecutorServer a, String targetA, ExecutorServer b,
            String targetB, Schema schema, List<VectorSchemaRoot> batches, BufferAllocator allocator, int rounds) {
        ShuffleStore storeA = a.service().shuffle().store();
        for (int round = 0; round < rounds; round++) {
            String queryId = "throughput";
            long started = System.nanoTime();
            long startedCpu = THREADS.getCurrentThreadCpuTime();
            ShuffleWriteResult result;
            try (ShuffleWriter writer = new ShuffleWriter(queryId, round, 0, PARTITIONS, KEY_GROUPS, schema,
                    allocator, storeA)) {
                for (VectorSchemaRoot batch : batches) {
                    writer.write(batch);
                }
                result = writer.finish();
            }
            long written = System.nanoTime();
            long writtenCpu = THREADS.getCurrentThreadCpuTime();
            long remoteRows = readAll(queryId, round, result, targetA, targetB, storeA, b, allocator);
            long fetched = System.nanoTime();
            long fetchedCpu = THREADS.getCurrentThreadCpuTime();
            long localRows = readAll(queryId, round, result, targetA, targetA, storeA, a, allocator);
            long readLocally = System.nanoTime();
            if (remoteRows != ROWS || localRows != ROWS) {
                throw new IllegalStateException("read " + remoteRows + " and " + localRows + " rows of " + ROWS);
            }
            double megabytes = result.totalBytes() / 1e6;
            System.out.printf("%-10s round %2d: write %5.1f (cpu %5.1f) | fetch %5.1f (cpu %5.1f), %5.0f MB/s |"
                            + " round trip %5.1f | local read %6.1f  [M rows/s; %.1f MB of Arrow IPC]%n",
                    transport, round, rate(ROWS, written - started), rate(ROWS, writtenCpu - startedCpu),
                    rate(ROWS, fetched - written), rate(ROWS, fetchedCpu - writtenCpu),
                    megabytes / ((fetched - written) / 1e9), rate(ROWS, fetched - started),
                    rate(ROWS, readLocally - fetched), megabytes);
            storeA.release(queryId, round);
        }
    }

    private static long readAll(String queryId, long batchId, ShuffleWriteResult result, String mapTarget,
            String ownTarget, ShuffleStore mapStore, ExecutorServer reading, BufferAllocator allocator) {
        ShuffleStore ownStore = ownTarget.equals(mapTarget) ? mapStore : reading.service().shuffle().store();
        long rows = 0;
        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<ShuffleInput> inputs = List.of(ShuffleInput.newBuilder().setExecutorTarget(mapTarget)
                    .setMapTaskIndex(0).setRows(result.rows().get(partition)).build());
            try (ShuffleReader reader = new ShuffleReader(queryId, batchId, partition, inputs, ownTarget, ownStore,
                    allocator, reading.service().shuffle().channels())) {
                for (VectorSchemaRoot batch = reader.next(); batch != null; batch = reader.next()) {
                    rows += batch.getRowCount();
                }
            }
        }
        return rows;
    }

    private static double rate(long rows, long nanos) {
        return rows / (nanos / 1e9) / 1e6;
    }
}
