package dev.sluice.executor.shuffle;

import static dev.sluice.executor.shuffle.ShuffleTesting.QUERY_ID;
import static dev.sluice.executor.shuffle.ShuffleTesting.allTypes;
import static dev.sluice.executor.shuffle.ShuffleTesting.input;
import static dev.sluice.executor.shuffle.ShuffleTesting.readAll;
import static dev.sluice.executor.shuffle.ShuffleTesting.rows;
import static dev.sluice.executor.shuffle.ShuffleTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.connector.Connectors;
import dev.sluice.executor.rpc.proto.ExecutorServiceGrpc;
import dev.sluice.executor.rpc.proto.FetchShuffleRequest;
import dev.sluice.executor.rpc.proto.ReleaseQueryRequest;
import dev.sluice.executor.rpc.proto.ReleaseShuffleRequest;
import dev.sluice.executor.server.ExecutorRpcService;
import dev.sluice.executor.server.ExecutorServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store keeps, replaces and forgets, and when it gives memory and files back. */
class ShuffleStoreTest {
    private static final int KEY_GROUPS = 8;
    private static final int PARTITIONS = 2;

    @TempDir
    Path directory;

    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = allTypes();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private ShuffleWriteResult writeMapTask(ShuffleStore store, String queryId, long batchId, int mapTask,
            List<List<Object>> rows) {
        try (ShuffleWriter writer = new ShuffleWriter(queryId, batchId, mapTask, PARTITIONS, KEY_GROUPS, schema,
                allocator, store)) {
            write(writer, schema, rows, 500, allocator);
            return writer.finish();
        }
    }

    private static boolean holds(ShuffleStore store, String queryId, long batchId, int mapTask) {
        try {
            store.length(new MapOutputId(queryId, batchId, mapTask, 0));
            return true;
        } catch (ShuffleOutputNotFoundException e) {
            return false;
        }
    }

    @Test
    void releaseForgetsBatchesUpToAndIncludingTheGivenOneOfThatQueryOnly() {
        try (ShuffleStore store = new ShuffleStore("executor-a", directory, 1 << 30)) {
            for (long batch = 1; batch <= 3; batch++) {
                writeMapTask(store, QUERY_ID, batch, 0, rows(0, 300, KEY_GROUPS));
            }
            writeMapTask(store, "other-query", 1, 0, rows(0, 300, KEY_GROUPS));
            long memoryOfFour = store.memoryUsedBytes();

            store.release(QUERY_ID, 2);

            assertFalse(holds(store, QUERY_ID, 1, 0));
            assertFalse(holds(store, QUERY_ID, 2, 0));
            assertTrue(holds(store, QUERY_ID, 3, 0));
            assertTrue(holds(store, "other-query", 1, 0));
            assertEquals(2, store.mapOutputCount());
            assertTrue(store.memoryUsedBytes() < memoryOfFour);

            // an attempt of a released batch that finishes late is dropped: nobody will read it
            writeMapTask(store, QUERY_ID, 2, 1, rows(1, 300, KEY_GROUPS));
            assertFalse(holds(store, QUERY_ID, 2, 1));
            assertEquals(2, store.mapOutputCount());

            store.releaseQuery(QUERY_ID);
            assertFalse(holds(store, QUERY_ID, 3, 0));
            assertEquals(1, store.mapOutputCount());
            store.releaseQuery("other-query");
            assertEquals(0, store.mapOutputCount());
            assertEquals(0, store.memoryUsedBytes());
        }
    }

    @Test
    void aLaterAttemptOfAMapTaskReplacesTheEarlierOnesOutputs() {
        try (ShuffleStore store = new ShuffleStore("executor-a", directory, 1 << 30);
                ShuffleChannels channels = new ShuffleChannels()) {
            writeMapTask(store, QUERY_ID, 1, 0, rows(0, 400, KEY_GROUPS));
            List<List<Object>> second = rows(5, 100, KEY_GROUPS);
            ShuffleWriteResult result = writeMapTask(store, QUERY_ID, 1, 0, second);

            assertEquals(1, store.mapOutputCount());
            assertEquals(result.totalBytes(), store.memoryUsedBytes(), "only the second attempt is held");
            for (int partition = 0; partition < PARTITIONS; partition++) {
                try (ShuffleReader reader = new ShuffleReader(QUERY_ID, 1, partition,
                        List.of(input("in-process:a", 0, result.rows().get(partition))), "in-process:a", store,
                        allocator, channels)) {
                    assertEquals(ShuffleTesting.expected(partition, PARTITIONS, KEY_GROUPS, List.of(second)),
                            readAll(reader, schema));
                }
            }
        }
    }

    @Test
    void abortDropsEverythingTheWriterHeld() throws Exception {
        try (ShuffleStore store = new ShuffleStore("executor-a", directory, 8 * 1024)) {
            ShuffleWriter writer = new ShuffleWriter(QUERY_ID, 1, 0, PARTITIONS, KEY_GROUPS, schema, allocator,
                    store, 4 * 1024);
            write(writer, schema, rows(0, 2_000, KEY_GROUPS), 500, allocator);
            assertTrue(store.spillFilesCreated() > 0, "the writer had spilled");
            writer.abort();
            writer.close();

            assertEquals(0, store.mapOutputCount());
            assertEquals(0, store.memoryUsedBytes());
            try (var files = Files.list(store.spillDirectory())) {
                assertEquals(List.of(), files.toList(), "the aborted output's spill file is gone");
            }
            assertThrows(IllegalStateException.class, writer::finish);
        }
        // the allocator closes cleanly in closeAllocator: the partition batches were freed
    }

    @Test
    void closingTheWriterBeforeFinishAbortsIt() {
        try (ShuffleStore store = new ShuffleStore("executor-a", directory, 1 << 30)) {
            try (ShuffleWriter writer = new ShuffleWriter(QUERY_ID, 1, 0, PARTITIONS, KEY_GROUPS, schema,
                    allocator, store)) {
                write(writer, schema, rows(0, 100, KEY_GROUPS), 50, allocator);
            }
            assertEquals(0, store.mapOutputCount());
            assertEquals(0, store.memoryUsedBytes());
        }
    }

    @Test
    void releaseShuffleAndReleaseQueryCallsForgetOutputsOnTheExecutor() throws Exception {
        String name = "shuffle-release-" + UUID.randomUUID();
        try (ExecutorServer server = ExecutorServer.startInProcess(new ExecutorRpcService("executor-a", 1,
                Connectors.discover()), name)) {
            ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
            try {
                ExecutorServiceGrpc.ExecutorServiceBlockingStub stub = ExecutorServiceGrpc.newBlockingStub(channel);
                ShuffleStore store = server.service().shuffle().store();
                writeMapTask(store, QUERY_ID, 1, 0, rows(0, 100, KEY_GROUPS));
                writeMapTask(store, QUERY_ID, 2, 0, rows(0, 100, KEY_GROUPS));

                stub.releaseShuffle(ReleaseShuffleRequest.newBuilder().setQueryId(QUERY_ID).setBatchId(1).build());
                StatusRuntimeException released = assertThrows(StatusRuntimeException.class, () ->
                        stub.fetchShuffle(FetchShuffleRequest.newBuilder().setQueryId(QUERY_ID).setBatchId(1)
                                .setMapTaskIndex(0).setStatePartition(0).build()).hasNext());
                assertEquals(Status.Code.NOT_FOUND, released.getStatus().getCode());
                assertTrue(holds(store, QUERY_ID, 2, 0));

                stub.releaseQuery(ReleaseQueryRequest.newBuilder().setQueryId(QUERY_ID).build());
                assertEquals(0, store.mapOutputCount());
                assertEquals(0, store.memoryUsedBytes());
            } finally {
                channel.shutdownNow();
            }
        }
    }
}
