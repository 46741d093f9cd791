package dev.sluice.executor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.connector.Connectors;
import dev.sluice.connector.Sink;
import dev.sluice.connector.SinkCommitRequest;
import dev.sluice.connector.TableContext;
import dev.sluice.executor.rpc.proto.ExecutorServiceGrpc;
import dev.sluice.executor.rpc.proto.PrepareQueryRequest;
import dev.sluice.executor.rpc.proto.RunTaskRequest;
import dev.sluice.executor.rpc.proto.RunTaskResponse;
import dev.sluice.executor.rpc.proto.ShuffleInput;
import dev.sluice.executor.rpc.proto.TaskKind;
import dev.sluice.executor.task.TableSchemas;
import dev.sluice.planner.QueryPlanner;
import dev.sluice.planner.SqlScript;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.planner.plan.proto.TableDefinition;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State tasks sent together with their batch's scan tasks, before any map output exists, on two in-process
 * executors that reach each other's shuffle through gRPC: each waits without a task thread until its inputs are
 * there (each executor has one task thread), and fails promptly, as an input failure, when a scan task fails.
 */
class StateTasksWithScanTasksTest {
    private static final String QUERY_ID = "query-early-state";
    private static final int ROWS = 100;
    private static final int KEY_GROUPS = 16;
    private static final int STATE_PARTITIONS = 2;
    private static final String SQL = """
            CREATE TABLE events (
              i BIGINT,
              ts AS TIMESTAMPADD(SECOND, CAST(i AS INT), TIMESTAMP '2026-01-01 00:00:00'),
              key AS CAST(MOD(i, 3) AS INT),
              WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
            ) WITH ('connector' = 'datagen', 'number-of-rows' = '100');
            CREATE TABLE results (window_start TIMESTAMP(3), window_end TIMESTAMP(3), key INT, cnt BIGINT)
            WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
            INSERT INTO results SELECT window_start, window_end, key, COUNT(*)
            FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
            GROUP BY window_start, window_end, key;
            """;

    @TempDir
    Path directory;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<ExecutorServiceGrpc.ExecutorServiceStub> executors = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private final List<ExecutorRpcService> services = new ArrayList<>();
    private QueryPlan plan;
    private Path output;

    @BeforeEach
    void startTwoExecutorsAndPrepareTheQuery() throws IOException {
        output = directory.resolve("out");
        plan = QueryPlanner.plan(SqlScript.parse("early.sql", SQL.formatted(output))).plan();
        for (int index = 1; index <= 2; index++) {
            String name = "early-state-" + UUID.randomUUID();
            ExecutorRpcService service = new ExecutorRpcService("executor-" + index, 1, Connectors.discover());
            resources.add(ExecutorServer.startInProcess(service, name));
            services.add(service);
            ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
            resources.add(channel::shutdownNow);
            executors.add(ExecutorServiceGrpc.newStub(channel));
            targets.add("in-process:" + name);
            ExecutorServiceGrpc.newBlockingStub(channel).prepareQuery(PrepareQueryRequest.newBuilder()
                    .setQueryId(QUERY_ID).setRunId("run-1").setPlan(plan.toByteString())
                    .setCheckpointLocation(directory.resolve("checkpoint").toString()).setKeyGroups(KEY_GROUPS)
                    .build());
        }
    }

    @AfterEach
    void closeResources() throws Exception {
        for (int index = resources.size() - 1; index >= 0; index--) {
            resources.get(index).close();
        }
    }

    @Test
    void stateTasksSentBeforeTheirInputsExistWaitForThemAndAddUpEveryRow() throws Exception {
        List<String> partitions = partitionsOf(plan.getSources(0), 2);
        // the state tasks first: with one task thread per executor, a state task that took the thread while
        // waiting would keep the scan task it waits for from ever running
        List<CompletableFuture<RunTaskResponse>> stateTasks = new ArrayList<>();
        for (int partition = 0; partition < STATE_PARTITIONS; partition++) {
            stateTasks.add(send(partition, stateTask(partition)));
        }
        Thread.sleep(100);
        for (CompletableFuture<RunTaskResponse> task : stateTasks) {
            assertTrue(!task.isDone(), "a state task must wait for its inputs");
        }
        List<CompletableFuture<RunTaskResponse>> scanTasks = new ArrayList<>();
        for (int scan = 0; scan < 2; scan++) {
            scanTasks.add(send(scan, scanTask(scan, partitions.get(scan))));
        }
        long scannedRows = 0;
        for (CompletableFuture<RunTaskResponse> task : scanTasks) {
            scannedRows += task.get(30, TimeUnit.SECONDS).getInputRows();
        }
        assertEquals(ROWS, scannedRows);
        List<String> messages = new ArrayList<>();
        for (CompletableFuture<RunTaskResponse> task : stateTasks) {
            messages.add(task.get(30, TimeUnit.SECONDS).getCommitMessage());
        }
        TableDefinition sinkTable = plan.getSink();
        try (Sink sink = Connectors.discover().createSink(TableContext.of(sinkTable.getName(),
                TableSchemas.schemaOf(sinkTable), sinkTable.getOptionsMap()))) {
            sink.commit(new SinkCommitRequest(QUERY_ID, 0, messages));
        }
        assertEquals(expectedCounts(), countsIn(output));
        awaitNoRunningTasks();
    }

    @Test
    void aFailedScanTaskFailsTheStateTasksWaitingForItPromptlyAsAnInputFailure() throws Exception {
        List<String> partitions = partitionsOf(plan.getSources(0), 2);
        List<CompletableFuture<RunTaskResponse>> stateTasks = new ArrayList<>();
        for (int partition = 0; partition < STATE_PARTITIONS; partition++) {
            stateTasks.add(send(partition, stateTask(partition)));
        }
        CompletableFuture<RunTaskResponse> goodScan = send(0, scanTask(0, partitions.get(0)));
        CompletableFuture<RunTaskResponse> badScan = send(1, scanTask(1, "{\"not\": \"a datagen partition\"}"));
        goodScan.get(30, TimeUnit.SECONDS);
        Status scanFailure = failureOf(badScan);
        assertEquals(Status.Code.INVALID_ARGUMENT, scanFailure.getCode(), scanFailure.toString());
        for (int partition = 0; partition < STATE_PARTITIONS; partition++) {
            // partition 0 waits for map task 1 in its fetch from executor 2, partition 1 on executor 2 itself
            Throwable error = assertFailsWithin(stateTasks.get(partition));
            Status status = Status.fromThrowable(error);
            assertEquals(Status.Code.ABORTED, status.getCode(), status.toString());
            assertTrue(status.getDescription().contains("map task 1 of batch 0 failed on executor executor-2"),
                    status.getDescription());
            Metadata trailers = Status.trailersFromThrowable(error);
            assertEquals("true", trailers.get(TaskFailures.INPUT_FAILED), "partition " + partition);
        }
        awaitNoRunningTasks();
    }

    @Test
    void cancellingAWaitingStateTaskEndsItsWait() throws Exception {
        Context.CancellableContext call = Context.current().withCancellation();
        CompletableFuture<RunTaskResponse> waiting = call.call(() -> send(0, stateTask(0)));
        Thread.sleep(100);
        assertEquals(1, services.get(0).runningTaskCount());
        call.cancel(null);
        awaitNoRunningTasks();
        assertEquals(Status.Code.CANCELLED, Status.fromThrowable(assertFailsWithin(waiting)).getCode());
    }

    /** A task leaves the executor's books just after it answered. */
    private void awaitNoRunningTasks() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ExecutorRpcService service : services) {
            while (service.runningTaskCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, service.runningTaskCount(), "executor " + service.executorId() + " still runs tasks");
        }
    }

    private static Throwable assertFailsWithin(CompletableFuture<RunTaskResponse> task) throws Exception {
        try {
            task.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the task succeeded");
    }

    private static Status failureOf(CompletableFuture<RunTaskResponse> task) throws Exception {
        return Status.fromThrowable(assertFailsWithin(task));
    }

    /** Sends {@code request} to executor {@code index} (0 or 1). */
    private CompletableFuture<RunTaskResponse> send(int index, RunTaskRequest request) {
        CompletableFuture<RunTaskResponse> answer = new CompletableFuture<>();
        executors.get(index).runTask(request, new StreamObserver<>() {
            private RunTaskResponse response;

            @Override
            public void onNext(RunTaskResponse value) {
                response = value;
            }

            @Override
            public void onError(Throwable error) {
                answer.completeExceptionally(error);
            }

            @Override
            public void onCompleted() {
                answer.complete(response);
            }
        });
        return answer;
    }

    private static RunTaskRequest scanTask(int taskIndex, String partition) {
        return RunTaskRequest.newBuilder().setQueryId(QUERY_ID).setBatchId(0).setPipelineIndex(0)
                .setTaskIndex(taskIndex).setInputPartitionJson(partition).setKind(TaskKind.SCAN)
                .setWatermarkMs(Long.MIN_VALUE).setKeyGroups(KEY_GROUPS).setStatePartitions(STATE_PARTITIONS)
                .build();
    }

    /** State partition {@code partition} on executor {@code partition}; scan task m runs on executor m. */
    private RunTaskRequest stateTask(int partition) {
        RunTaskRequest.Builder task = RunTaskRequest.newBuilder().setQueryId(QUERY_ID).setBatchId(0)
                .setTaskIndex(partition).setKind(TaskKind.STATE).setWatermarkMs(Long.MAX_VALUE)
                .setKeyGroups(KEY_GROUPS).setStatePartitions(STATE_PARTITIONS).setStatePartition(partition)
                .setInputsPending(true);
        for (int scan = 0; scan < 2; scan++) {
            task.addShuffleInputs(ShuffleInput.newBuilder().setExecutorId("executor-" + (scan + 1))
                    .setExecutorTarget(targets.get(scan)).setMapTaskIndex(scan).setPending(true));
        }
        return task.build();
    }

    /** Rows per "window start,key": row i has ts = i seconds and key = i mod 3. */
    private static Map<String, Long> expectedCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < ROWS; i++) {
            String window = String.format("2026-01-01 00:%02d:%02d.000", (i / 10 * 10) / 60, (i / 10 * 10) % 60);
            counts.merge(window + "," + (i % 3), 1L, Long::sum);
        }
        return counts;
    }

    private static Map<String, Long> countsIn(Path output) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        try (Stream<Path> files = Files.list(output)) {
            for (Path file : files.filter(StateTasksWithScanTasksTest::visible).toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] fields = line.split(",");
                    counts.merge(fields[0] + "," + fields[2], Long.parseLong(fields[3]), Long::sum);
                }
            }
        }
        return counts;
    }

    private static boolean visible(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && !name.startsWith(".") && !name.startsWith("_");
    }

    /** The partitions of the source's first batch, as a driver-side source instance plans them. */
    private List<String> partitionsOf(TableDefinition table, int parallelism) throws IOException {
        return FirstBatchPartitions.of(table, parallelism, directory.resolve("source-checkpoint"));
    }
}
