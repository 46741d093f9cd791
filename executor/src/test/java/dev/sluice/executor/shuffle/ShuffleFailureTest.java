package dev.sluice.executor.shuffle;

import static dev.sluice.executor.shuffle.ShuffleTesting.QUERY_ID;
import static dev.sluice.executor.shuffle.ShuffleTesting.allTypes;
import static dev.sluice.executor.shuffle.ShuffleTesting.input;
import static dev.sluice.executor.shuffle.ShuffleTesting.readAll;
import static dev.sluice.executor.shuffle.ShuffleTesting.rows;
import static dev.sluice.executor.shuffle.ShuffleTesting.write;
import static dev.sluice.executor.operator.Batches.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.sluice.connector.Connectors;
import dev.sluice.executor.operator.Batches;
import dev.sluice.executor.rpc.proto.ExecutorServiceGrpc;
import dev.sluice.executor.rpc.proto.FetchShuffleRequest;
import dev.sluice.executor.rpc.proto.ShuffleInput;
import dev.sluice.executor.server.ExecutorRpcService;
import dev.sluice.executor.server.ExecutorServer;
import dev.sluice.executor.server.TaskFailures;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing outputs, unreachable executors, torn streams and bad key groups fail with errors that say where. */
class ShuffleFailureTest {
    private static final int KEY_GROUPS = 8;
    private static final int PARTITIONS = 2;

    @TempDir
    Path directory;

    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = allTypes();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int index = resources.size() - 1; index >= 0; index--) {
            resources.get(index).close();
        }
        allocator.close();
    }

    private ExecutorServer inProcessExecutor(String executorId, String name) throws IOException {
        ExecutorServer server = ExecutorServer.startInProcess(new ExecutorRpcService(executorId, 1,
                Connectors.discover()), name);
        resources.add(server);
        return server;
    }

    private ShuffleException readFails(ShuffleStore store, ShuffleChannels channels, String ownTarget,
            int partition, ShuffleInput... inputs) {
        return assertThrows(ShuffleException.class, () -> {
            try (ShuffleReader reader = new ShuffleReader(QUERY_ID, 5, partition, List.of(inputs), ownTarget,
                    store, allocator, channels)) {
                readAll(reader, schema);
            }
        });
    }

    @Test
    void fetchingAMissingOutputEndsWithNotFoundNamingQueryBatchMapTaskPartitionAndExecutor() throws IOException {
        String name = "shuffle-missing-" + UUID.randomUUID();
        inProcessExecutor("executor-a", name);
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        resources.add(channel::shutdownNow);

        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, () ->
                ExecutorServiceGrpc.newBlockingStub(channel).fetchShuffle(FetchShuffleRequest.newBuilder()
                        .setQueryId(QUERY_ID).setBatchId(5).setMapTaskIndex(2).setStatePartition(1).build())
                        .hasNext());

        assertEquals(Status.Code.NOT_FOUND, failure.getStatus().getCode());
        assertEquals("no shuffle output for query " + QUERY_ID + ", batch 5, map task 2, partition 1 on executor"
                + " executor-a (never written there, already released, or the executor restarted)",
                failure.getStatus().getDescription());
        assertEquals("executor-a", failure.getTrailers().get(TaskFailures.EXECUTOR_ID));
    }

    @Test
    void aReaderNamesTheExecutorAndTheMissingInput() throws IOException {
        String name = "shuffle-missing-" + UUID.randomUUID();
        ExecutorServer server = inProcessExecutor("executor-a", name);
        ShuffleChannels channels = server.service().shuffle().channels();
        String target = ShuffleChannels.inProcessTarget(name);
        try (ShuffleStore own = new ShuffleStore("executor-b", directory, 1 << 20)) {
            ShuffleException remote = readFails(own, channels, "in-process:b", 1, input(target, 2, 10));
            assertEquals("cannot read the shuffle input of query " + QUERY_ID + ", batch 5, map task 2, partition 1"
                    + " from executor " + target + ": NOT_FOUND: no shuffle output for query " + QUERY_ID
                    + ", batch 5, map task 2, partition 1 on executor executor-a (never written there, already"
                    + " released, or the executor restarted)", remote.getMessage());

            ShuffleException local = readFails(own, channels, "in-process:b", 1, input("in-process:b", 3, 10));
            assertTrue(local.getMessage().startsWith("cannot read the shuffle input of query " + QUERY_ID
                    + ", batch 5, map task 3, partition 1 from this executor (in-process:b): no shuffle output"),
                    local.getMessage());
        }
    }

    @Test
    void anUnreachableExecutorIsNamed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String target = "127.0.0.1:" + closedPort;
        try (ShuffleStore own = new ShuffleStore("executor-b", directory, 1 << 20);
                ShuffleChannels channels = new ShuffleChannels()) {
            ShuffleException failure = readFails(own, channels, "in-process:b", 0, input(target, 4, 10));
            assertTrue(failure.getMessage().startsWith("cannot read the shuffle input of query " + QUERY_ID
                    + ", batch 5, map task 4, partition 0 from executor " + target
                    + ": the executor cannot be reached"), failure.getMessage());

            ShuffleException unknownName = readFails(own, channels, "in-process:b", 0,
                    input("in-process:gone-" + UUID.randomUUID(), 4, 10));
            assertTrue(unknownName.getMessage().contains("map task 4, partition 0 from executor in-process:gone-"),
                    unknownName.getMessage());
        }
    }

    /** A stream cut in the middle, stored as if a writer had produced it, read locally and over gRPC. */
    @Test
    void aTornStreamIsNamed() throws IOException {
        String name = "shuffle-torn-" + UUID.randomUUID();
        ExecutorServer server = inProcessExecutor("executor-a", name);
        ShuffleStore store = server.service().shuffle().store();
        ShuffleWriteResult written;
        try (ShuffleStore scratch = new ShuffleStore("scratch", directory, 1 << 20);
                ShuffleWriter writer = new ShuffleWriter(QUERY_ID, 5, 0, 1, KEY_GROUPS, schema, allocator,
                        scratch, 2 * 1024)) {
            write(writer, schema, rows(0, 500, KEY_GROUPS), 100, allocator);
            written = writer.finish();
            ByteString whole = bytesOf(scratch, new MapOutputId(QUERY_ID, 5, 0, 0));
            OutputBuffer torn = store.newOutput(new MapOutputId(QUERY_ID, 5, 0, 0));
            torn.write(whole.substring(0, whole.size() / 2).asReadOnlyByteBuffer());
            store.register(QUERY_ID, 5, 0, List.of(torn.finish()));
        }
        String target = ShuffleChannels.inProcessTarget(name);
        ShuffleChannels channels = server.service().shuffle().channels();
        try (ShuffleStore own = new ShuffleStore("executor-b", directory, 1 << 20)) {
            ShuffleException remote = readFails(own, channels, "in-process:b", 0, input(target, 0, 500));
            assertTrue(remote.getMessage().startsWith("cannot read the shuffle input of query " + QUERY_ID
                    + ", batch 5, map task 0, partition 0 from executor " + target + ": its Arrow stream is torn"),
                    remote.getMessage());
        }
        ShuffleException local = readFails(store, channels, target, 0, input(target, 0, 500));
        assertTrue(local.getMessage().contains("map task 0, partition 0 from this executor (" + target
                + "): its Arrow stream is torn"), local.getMessage());
        assertEquals(500, written.totalRows());
    }

    @Test
    void aStreamWithOtherRowsThanTheScanTaskReportedIsNamed() {
        try (ShuffleStore store = new ShuffleStore("executor-a", directory, 1 << 20);
                ShuffleChannels channels = new ShuffleChannels()) {
            try (ShuffleWriter writer = new ShuffleWriter(QUERY_ID, 5, 0, 1, KEY_GROUPS, schema, allocator,
                    store)) {
                write(writer, schema, rows(0, 40, KEY_GROUPS), 40, allocator);
                writer.finish();
            }
            ShuffleException failure = readFails(store, channels, "in-process:a", 0, input("in-process:a", 0, 41));
            assertEquals("cannot read the shuffle input of query " + QUERY_ID + ", batch 5, map task 0, partition 0"
                    + " from this executor (in-process:a): it holds 40 rows, but the scan task wrote 41",
                    failure.getMessage());
        }
    }

    @Test
    void keyGroupsMustBePresentAndInRange() {
        Schema keyAndValue = Batches.schema(Batches.column("key_group", dev.sluice.planner.plan.proto.DataType.Kind
                .INT), Batches.column("value", dev.sluice.planner.plan.proto.DataType.Kind.BIGINT));
        try (ShuffleStore store = new ShuffleStore("executor-a", directory, 1 << 20);
                ShuffleWriter writer = new ShuffleWriter(QUERY_ID, 5, 1, PARTITIONS, KEY_GROUPS, keyAndValue,
                        allocator, store);
                VectorSchemaRoot batch = VectorSchemaRoot.create(keyAndValue, allocator)) {
            Batches.fill(batch, List.of(row(1, 10L), row(KEY_GROUPS, 11L)));
            IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                    () -> writer.write(batch));
            assertEquals("row 1 of a batch of query " + QUERY_ID + ", batch 5, map task 1 has key group 8, outside"
                    + " [0, 8)", outside.getMessage());
            Batches.fill(batch, List.of(row(1, 10L), row(2, 11L), row(null, 12L)));
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> writer.write(batch));
            assertEquals("row 2 of a batch of query " + QUERY_ID + ", batch 5, map task 1 has a NULL key group"
                    + " (column 0 must be NOT NULL)", missing.getMessage());
        }
    }

    @Test
    void theFirstColumnMustBeAnIntKeyGroup() {
        Schema wrong = Batches.schema(Batches.column("k", dev.sluice.planner.plan.proto.DataType.Kind.BIGINT));
        try (ShuffleStore store = new ShuffleStore("executor-a", directory, 1 << 20)) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () ->
                    new ShuffleWriter(QUERY_ID, 5, 1, PARTITIONS, KEY_GROUPS, wrong, allocator, store));
            assertTrue(failure.getMessage().startsWith("the first column of a shuffled batch must be the key group"
                    + " (INT), but query " + QUERY_ID + ", batch 5, map task 1 has schema"), failure.getMessage());
            assertThrows(IllegalArgumentException.class, () ->
                    new ShuffleWriter(QUERY_ID, 5, 1, KEY_GROUPS + 1, KEY_GROUPS, schema, allocator, store));
        }
    }

    private static ByteString bytesOf(ShuffleStore store, MapOutputId id) throws IOException {
        ByteString bytes = ByteString.EMPTY;
        try (ChunkCursor cursor = store.find(id).open()) {
            for (ByteString chunk = cursor.next(1024); chunk != null; chunk = cursor.next(1024)) {
                bytes = bytes.concat(chunk);
            }
        }
        return bytes;
    }
}
