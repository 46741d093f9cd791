package dev.sluice.executor.shuffle;

import static dev.sluice.executor.shuffle.ShuffleTesting.QUERY_ID;
import static dev.sluice.executor.shuffle.ShuffleTesting.allTypes;
import static dev.sluice.executor.shuffle.ShuffleTesting.expected;
import static dev.sluice.executor.shuffle.ShuffleTesting.input;
import static dev.sluice.executor.shuffle.ShuffleTesting.readAll;
import static dev.sluice.executor.shuffle.ShuffleTesting.rows;
import static dev.sluice.executor.shuffle.ShuffleTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.connector.Connectors;
import dev.sluice.executor.rpc.proto.ShuffleInput;
import dev.sluice.executor.server.ExecutorRpcService;
import dev.sluice.executor.server.ExecutorServer;
import io.grpc.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writer → store → reader, with rows of every type: on one executor, between two in-process executor servers,
 * between two executors over TCP on loopback, and from spill files.
 */
class ShuffleRoundTripTest {
    private static final int KEY_GROUPS = 16;
    private static final int PARTITIONS = 3;
    /** Small record batches, so every stream holds several. */
    private static final long FLUSH_BYTES = 8 * 1024;

    @TempDir
    Path directory;

    private final BufferAllocator allocator = new RootAllocator();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Schema schema = allTypes();

    @AfterEach
    void close() throws Exception {
        for (int index = resources.size() - 1; index >= 0; index--) {
            resources.get(index).close();
        }
        allocator.close(); // fails the test when a batch leaked
    }

    private ShuffleWriteResult writeMapTask(ShuffleStore store, int mapTask, List<List<Object>> rows) {
        try (ShuffleWriter writer = new ShuffleWriter(QUERY_ID, 4, mapTask, PARTITIONS, KEY_GROUPS, schema,
                allocator, store, FLUSH_BYTES)) {
            write(writer, schema, rows, 700, allocator);
            return writer.finish();
        }
    }

    private List<List<Object>> read(int partition, List<ShuffleInput> inputs, String ownTarget, ShuffleStore store,
            ShuffleChannels channels) {
        try (ShuffleReader reader = new ShuffleReader(QUERY_ID, 4, partition, inputs, ownTarget, store, allocator,
                channels)) {
            List<List<Object>> rows = readAll(reader, schema);
            assertNull(reader.next(), "a finished reader stays finished");
            assertEquals(rows.size(), reader.rowsRead());
            return rows;
        }
    }

    @Test
    void everyTypeComesBackPerPartitionInMapTaskAndInputOrder() {
        ShuffleStore store = new ShuffleStore("executor-a", directory, ShuffleStore.DEFAULT_MEMORY_BUDGET_BYTES);
        resources.add(store);
        ShuffleChannels channels = new ShuffleChannels();
        resources.add(channels);
        List<List<List<Object>>> rowsByMapTask = List.of(rows(0, 3_000, KEY_GROUPS), rows(1, 2_500, KEY_GROUPS));
        List<ShuffleWriteResult> results = List.of(writeMapTask(store, 0, rowsByMapTask.get(0)),
                writeMapTask(store, 1, rowsByMapTask.get(1)));

        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<ShuffleInput> inputs = new ArrayList<>();
            for (int mapTask = 0; mapTask < 2; mapTask++) {
                long rows = results.get(mapTask).rows().get(partition);
                assertEquals(ShuffleTesting.rowsOf(partition, PARTITIONS, KEY_GROUPS, rowsByMapTask.get(mapTask)),
                        rows, "rows of map task " + mapTask + ", partition " + partition);
                assertTrue(results.get(mapTask).bytes().get(partition) > FLUSH_BYTES, "several record batches");
                inputs.add(input("in-process:a", mapTask, rows));
            }
            assertEquals(expected(partition, PARTITIONS, KEY_GROUPS, rowsByMapTask),
                    read(partition, inputs, "in-process:a", store, channels), "partition " + partition);
        }
        assertEquals(5_500, results.get(0).totalRows() + results.get(1).totalRows());
        assertEquals(0, store.spilledBytes());
        assertTrue(store.memoryUsedBytes() >= results.get(0).totalBytes() + results.get(1).totalBytes());
    }

    @Test
    void inputsWithoutRowsAreSkippedAndEmptyPartitionsHaveNoStream() {
        ShuffleStore store = new ShuffleStore("executor-a", directory, ShuffleStore.DEFAULT_MEMORY_BUDGET_BYTES);
        resources.add(store);
        // key groups 0..5 of 16 all belong to partition 0 of 3
        List<List<Object>> rows = rows(0, 200, 6);
        ShuffleWriteResult result = writeMapTask(store, 0, rows);
        assertEquals(List.of(200L, 0L, 0L), result.rows());
        assertEquals(0L, result.bytes().get(1));
        ShuffleChannels channels = new ShuffleChannels();
        resources.add(channels);
        // the input of map task 1 (no rows) names an executor that does not exist: it must never be asked
        List<ShuffleInput> inputs = List.of(input("in-process:a", 0, 200), input("in-process:nowhere", 1, 0));
        assertEquals(rows, read(0, inputs, "in-process:a", store, channels));
        assertEquals(List.of(), read(1, List.of(input("in-process:a", 0, 0)), "in-process:a", store, channels));
    }

    @Test
    void readsOwnInputsFromTheStoreAndOthersFromAnotherInProcessExecutor() throws Exception {
        String nameA = "shuffle-a-" + UUID.randomUUID();
        String nameB = "shuffle-b-" + UUID.randomUUID();
        ExecutorServer serverA = ExecutorServer.startInProcess(new ExecutorRpcService("executor-a", 1,
                Connectors.discover()), nameA);
        resources.add(serverA);
        ExecutorServer serverB = ExecutorServer.startInProcess(new ExecutorRpcService("executor-b", 1,
                Connectors.discover()), nameB);
        resources.add(serverB);
        acrossExecutors(serverA, ShuffleChannels.inProcessTarget(nameA), serverB,
                ShuffleChannels.inProcessTarget(nameB));
    }

    @Test
    void readsFromAnotherExecutorOverTcp() throws Exception {
        ExecutorServer serverA = ExecutorServer.startTcp(new ExecutorRpcService("executor-a", 1,
                Connectors.discover()), "127.0.0.1", 0);
        resources.add(serverA);
        ExecutorServer serverB = ExecutorServer.startTcp(new ExecutorRpcService("executor-b", 1,
                Connectors.discover()), "127.0.0.1", 0);
        resources.add(serverB);
        acrossExecutors(serverA, "127.0.0.1:" + serverA.port(), serverB, "127.0.0.1:" + serverB.port());
    }

    /** Map tasks 0 and 2 run on A, 1 on B; B's state tasks read all three, through B's own channels. */
    private void acrossExecutors(ExecutorServer serverA, String targetA, ExecutorServer serverB, String targetB) {
        ShuffleStore storeA = serverA.service().shuffle().store();
        ShuffleStore storeB = serverB.service().shuffle().store();
        List<List<List<Object>>> rowsByMapTask = List.of(rows(0, 2_000, KEY_GROUPS), rows(1, 1_500, KEY_GROUPS),
                rows(2, 1_800, KEY_GROUPS));
        List<ShuffleWriteResult> results = List.of(writeMapTask(storeA, 0, rowsByMapTask.get(0)),
                writeMapTask(storeB, 1, rowsByMapTask.get(1)), writeMapTask(storeA, 2, rowsByMapTask.get(2)));
        List<String> targets = List.of(targetA, targetB, targetA);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<ShuffleInput> inputs = new ArrayList<>();
            for (int mapTask = 0; mapTask < 3; mapTask++) {
                inputs.add(input(targets.get(mapTask), mapTask, results.get(mapTask).rows().get(partition)));
            }
            assertEquals(expected(partition, PARTITIONS, KEY_GROUPS, rowsByMapTask),
                    read(partition, inputs, targetB, storeB, serverB.service().shuffle().channels()),
                    "partition " + partition);
        }
    }

    @Test
    void closingAReaderEarlyCancelsItsFetchesAndFreesItsBatch() throws Exception {
        String nameA = "shuffle-a-" + UUID.randomUUID();
        ExecutorServer serverA = ExecutorServer.startInProcess(new ExecutorRpcService("executor-a", 1,
                Connectors.discover()), nameA);
        resources.add(serverA);
        ShuffleStore storeA = serverA.service().shuffle().store();
        List<List<List<Object>>> rowsByMapTask = List.of(rows(0, 3_000, KEY_GROUPS), rows(1, 3_000, KEY_GROUPS));
        List<ShuffleWriteResult> results = List.of(writeMapTask(storeA, 0, rowsByMapTask.get(0)),
                writeMapTask(storeA, 1, rowsByMapTask.get(1)));
        String target = ShuffleChannels.inProcessTarget(nameA);
        List<ShuffleInput> inputs = List.of(input(target, 0, results.get(0).rows().get(0)),
                input(target, 1, results.get(1).rows().get(0)));
        ShuffleChannels channels = new ShuffleChannels();
        resources.add(channels);
        try (ShuffleStore own = new ShuffleStore("executor-b", directory, 1 << 20)) {
            // the first input is being read and the second one's fetch has started when the reader is closed
            try (ShuffleReader reader = new ShuffleReader(QUERY_ID, 4, 0, inputs, "in-process:b", own, allocator,
                    channels)) {
                assertNotNull(reader.next());
            }
            assertEquals(0, allocator.getAllocatedMemory(), "the reader freed its batches");
            // the server is not left stuck on the cancelled calls: the same inputs read in full afterwards
            assertEquals(expected(0, PARTITIONS, KEY_GROUPS, rowsByMapTask),
                    read(0, inputs, "in-process:b", own, channels));
        }
    }

    @Test
    void outputsBeyondTheMemoryBudgetSpillToFilesThatCloseDeletes() throws Exception {
        ShuffleStore store = new ShuffleStore("executor-a", directory.resolve("local"), 64 * 1024);
        ShuffleService service = new ShuffleService("executor-a", store, new ShuffleChannels(), 16 * 1024);
        String name = "shuffle-spill-" + UUID.randomUUID();
        Server server = ShuffleTesting.shuffleOnlyServer(name, service);
        List<List<List<Object>>> rowsByMapTask = List.of(rows(0, 4_000, KEY_GROUPS), rows(1, 4_000, KEY_GROUPS));
        List<ShuffleWriteResult> results = List.of(writeMapTask(store, 0, rowsByMapTask.get(0)),
                writeMapTask(store, 1, rowsByMapTask.get(1)));
        assertTrue(store.spilledBytes() > 0, "something spilled");
        assertTrue(store.memoryUsedBytes() <= 64 * 1024, "memory stays within the budget: "
                + store.memoryUsedBytes());
        Path spillDirectory = store.spillDirectory();
        assertNotNull(spillDirectory);
        assertTrue(spillDirectory.startsWith(directory.resolve("local")));
        try (Stream<Path> files = Files.list(spillDirectory)) {
            assertFalse(files.toList().isEmpty());
        }

        ShuffleChannels channels = new ShuffleChannels();
        try {
            String target = ShuffleChannels.inProcessTarget(name);
            for (int partition = 0; partition < PARTITIONS; partition++) {
                List<ShuffleInput> inputs = List.of(input(target, 0, results.get(0).rows().get(partition)),
                        input(target, 1, results.get(1).rows().get(partition)));
                List<List<Object>> expected = expected(partition, PARTITIONS, KEY_GROUPS, rowsByMapTask);
                assertEquals(expected, read(partition, inputs, "in-process:elsewhere", store, channels),
                        "fetched, partition " + partition);
                assertEquals(expected, read(partition, inputs, target, store, channels),
                        "read locally, partition " + partition);
            }
        } finally {
            channels.close();
            server.shutdownNow().awaitTermination();
            service.close();
        }
        assertFalse(Files.exists(spillDirectory), "close deletes the spill directory");
        assertEquals(0, store.spilledBytes());
        assertEquals(0, store.memoryUsedBytes());
    }
}
