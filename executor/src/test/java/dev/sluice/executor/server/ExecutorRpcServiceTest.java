package dev.sluice.executor.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.connector.Connectors;
import dev.sluice.connector.Sink;
import dev.sluice.connector.SinkCommitRequest;
import dev.sluice.connector.TableContext;
import dev.sluice.executor.rpc.proto.CancelTaskRequest;
import dev.sluice.executor.rpc.proto.ExecutorServiceGrpc;
import dev.sluice.executor.rpc.proto.HeartbeatRequest;
import dev.sluice.executor.rpc.proto.HeartbeatResponse;
import dev.sluice.executor.rpc.proto.PrepareQueryRequest;
import dev.sluice.executor.rpc.proto.ReleaseQueryRequest;
import dev.sluice.executor.rpc.proto.RunTaskRequest;
import dev.sluice.executor.rpc.proto.RunTaskResponse;
import dev.sluice.executor.task.TableSchemas;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.planner.plan.proto.TableDefinition;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor's gRPC service driven through real channels: in-process and Netty on loopback. */
class ExecutorRpcServiceTest {
    private static final String QUERY_ID = "query-1";

    @TempDir
    Path directory;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeResources() throws Exception {
        for (int index = resources.size() - 1; index >= 0; index--) {
            resources.get(index).close();
        }
    }

    private ExecutorServiceGrpc.ExecutorServiceBlockingStub inProcessExecutor(String id, int cores)
            throws IOException {
        String name = "executor-test-" + UUID.randomUUID();
        ExecutorServer server = ExecutorServer.startInProcess(new ExecutorRpcService(id, cores,
                Connectors.discover()), name);
        resources.add(server);
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        resources.add(channel::shutdownNow);
        return ExecutorServiceGrpc.newBlockingStub(channel);
    }

    private ExecutorServiceGrpc.ExecutorServiceBlockingStub tcpExecutor(String id) throws IOException {
        ExecutorServer server = ExecutorServer.startTcp(new ExecutorRpcService(id, 2, Connectors.discover()),
                "127.0.0.1", 0);
        resources.add(server);
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        resources.add(channel::shutdownNow);
        return ExecutorServiceGrpc.newBlockingStub(channel);
    }

    @Test
    void runsTheTasksOfABatchInProcessAndTheSinkCommitsTheirMessages() throws IOException {
        assertCopiesDatagenToCsv(inProcessExecutor("executor-1", 2));
    }

    @Test
    void runsTheTasksOfABatchOverTcp() throws IOException {
        assertCopiesDatagenToCsv(tcpExecutor("executor-tcp"));
    }

    private void assertCopiesDatagenToCsv(ExecutorServiceGrpc.ExecutorServiceBlockingStub executor)
            throws IOException {
        Path output = directory.resolve("out");
        QueryPlan plan = TestPlans.copy(TestPlans.datagen(1000), TestPlans.csv("out", output.toString()));
        prepare(executor, plan);
        prepare(executor, plan); // idempotent for the same run

        List<String> partitions = partitionsOf(plan.getSources(0), 3);
        List<String> messages = new ArrayList<>();
        long rows = 0;
        for (int task = 0; task < partitions.size(); task++) {
            RunTaskResponse response = executor.runTask(task(0, task, partitions.get(task)));
            messages.add(response.getCommitMessage());
            assertEquals(response.getInputRows(), response.getOutputRows());
            assertTrue(response.getTimings().getTotalNanos() > 0);
            rows += response.getOutputRows();
        }
        assertEquals(1000, rows);
        assertEquals(List.of(), visibleLines(output), "nothing is visible before the driver commits the batch");

        try (Sink sink = Connectors.discover().createSink(context(plan.getSink()))) {
            sink.commit(new SinkCommitRequest(QUERY_ID, 0, messages));
        }
        List<String> lines = visibleLines(output);
        assertEquals(1000, lines.size());
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            ids.add(line.substring(0, line.indexOf(',')));
        }
        assertEquals(1000, ids.size(), "every row once");
        executor.releaseQuery(ReleaseQueryRequest.newBuilder().setQueryId(QUERY_ID).build());
    }

    @Test
    void aBadRecordFailsTheTaskWithItsPositionAndTheExecutorId() throws IOException {
        Path input = Files.createDirectories(directory.resolve("in"));
        Files.writeString(input.resolve("a.csv"), "1,one\n2x,two\n", StandardCharsets.UTF_8);
        QueryPlan plan = TestPlans.copy(TestPlans.csv("events", input.toString()), TestPlans.blackhole());
        ExecutorServiceGrpc.ExecutorServiceBlockingStub executor = inProcessExecutor("executor-7", 1);
        prepare(executor, plan);
        String partition = partitionsOf(plan.getSources(0), 1).get(0);

        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> executor.runTask(task(0, 0, partition)));
        assertEquals(Status.Code.INVALID_ARGUMENT, failure.getStatus().getCode());
        String description = failure.getStatus().getDescription();
        assertTrue(description.startsWith(input.resolve("a.csv") + ":2:1: column 'id'"), description);
        assertEquals("executor-7", failure.getTrailers().get(TaskFailures.EXECUTOR_ID));
    }

    @Test
    void aPlanWithAnOperatorOfNoKindIsRefusedAtPrepare() throws IOException {
        ExecutorServiceGrpc.ExecutorServiceBlockingStub executor = inProcessExecutor("executor-1", 1);
        QueryPlan calc = TestPlans.withCalc(TestPlans.datagen(10), TestPlans.blackhole());
        QueryPlan broken = calc.toBuilder().setPipelines(0, calc.getPipelines(0).toBuilder()
                .setOperators(0, dev.sluice.planner.plan.proto.Operator.getDefaultInstance())).build();
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, () -> prepare(executor, broken));
        assertEquals(Status.Code.INVALID_ARGUMENT, failure.getStatus().getCode());
        assertTrue(failure.getStatus().getDescription().contains("without a kind"),
                failure.getStatus().getDescription());
    }

    @Test
    void aPlanWithACalcPrepares() throws IOException {
        ExecutorServiceGrpc.ExecutorServiceBlockingStub executor = inProcessExecutor("executor-1", 1);
        prepare(executor, TestPlans.withCalc(TestPlans.datagen(10), TestPlans.blackhole()));
    }

    @Test
    void aTaskOfAQueryThatWasNotPreparedIsRefused() throws IOException {
        ExecutorServiceGrpc.ExecutorServiceBlockingStub executor = inProcessExecutor("executor-1", 1);
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> executor.runTask(task(0, 0, "{}")));
        assertEquals(Status.Code.FAILED_PRECONDITION, failure.getStatus().getCode());
        assertEquals("query query-1 is not prepared on executor executor-1", failure.getStatus().getDescription());
    }

    @Test
    void cancellingARunningTaskStopsIt() throws Exception {
        ExecutorServiceGrpc.ExecutorServiceBlockingStub executor = inProcessExecutor("executor-1", 1);
        QueryPlan plan = TestPlans.copy(TestPlans.datagen(2_000_000_000L), TestPlans.blackhole());
        prepare(executor, plan);
        String partition = partitionsOf(plan.getSources(0), 1).get(0);
        Thread canceller = new Thread(() -> {
            // Until the task is found: on a loaded machine it may take a while to reach the executor.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);
            while (System.nanoTime() < deadline) {
                boolean cancelled = executor.cancelTask(CancelTaskRequest.newBuilder().setQueryId(QUERY_ID)
                        .setBatchId(0).setTaskIndex(0).build()).getCancelled();
                if (cancelled) {
                    return;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        canceller.start();
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> executor.withDeadlineAfter(60, TimeUnit.SECONDS).runTask(task(0, 0, partition)));
        canceller.join();
        assertEquals(Status.Code.CANCELLED, failure.getStatus().getCode());
        assertEquals("task 0 of batch 0 of query query-1 was cancelled", failure.getStatus().getDescription());
    }

    @Test
    void aTaskCancelledWhileQueuedStillAnswersThatItWasCancelled() throws Exception {
        ExecutorServiceGrpc.ExecutorServiceBlockingStub executor = inProcessExecutor("executor-1", 1);
        QueryPlan plan = TestPlans.copy(TestPlans.datagen(2_000_000_000L), TestPlans.blackhole());
        prepare(executor, plan);
        String partition = partitionsOf(plan.getSources(0), 1).get(0);
        AtomicReference<StatusRuntimeException> busyOutcome = new AtomicReference<>();
        Thread busy = new Thread(() -> busyOutcome.set(assertThrows(StatusRuntimeException.class,
                () -> executor.withDeadlineAfter(60, TimeUnit.SECONDS).runTask(task(0, 0, partition)))));
        busy.start();
        awaitCancellable(executor, 0, true); // task 0 holds the executor's one task thread
        AtomicReference<StatusRuntimeException> queuedOutcome = new AtomicReference<>();
        Thread queued = new Thread(() -> queuedOutcome.set(assertThrows(StatusRuntimeException.class,
                () -> executor.withDeadlineAfter(60, TimeUnit.SECONDS).runTask(task(0, 1, partition)))));
        queued.start();
        awaitCancellable(executor, 1, false); // task 1 waits in the queue: cancel it there
        queued.join(30_000);
        assertFalse(queued.isAlive(), "the queued task's call got no answer");
        assertEquals(Status.Code.CANCELLED, queuedOutcome.get().getStatus().getCode());
        awaitCancellable(executor, 0, false);
        busy.join(30_000);
        assertEquals(Status.Code.CANCELLED, busyOutcome.get().getStatus().getCode());
    }

    /** Waits until the executor knows task {@code taskIndex}; with {@code peek}, only asks whether it is there. */
    private static void awaitCancellable(ExecutorServiceGrpc.ExecutorServiceBlockingStub executor, int taskIndex,
            boolean peek) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (peek) {
                if (executor.heartbeat(HeartbeatRequest.newBuilder().setDriverId("d").build()).getRunningTasks() > 0) {
                    Thread.sleep(200); // started on the task thread by now, most likely; either way it holds the queue
                    return;
                }
            } else if (executor.cancelTask(CancelTaskRequest.newBuilder().setQueryId(QUERY_ID).setBatchId(0)
                    .setTaskIndex(taskIndex).build()).getCancelled()) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("task " + taskIndex + " never reached the executor");
    }

    @Test
    void heartbeatsAnswerWithTheExecutorAndItsLoad() throws IOException {
        ExecutorServiceGrpc.ExecutorServiceBlockingStub executor = inProcessExecutor("executor-3", 4);
        HeartbeatResponse response = executor.heartbeat(HeartbeatRequest.newBuilder().setDriverId("d").build());
        assertEquals("executor-3", response.getExecutorId());
        assertEquals(4, response.getCores());
        assertEquals(0, response.getRunningTasks());
        assertFalse(executor.cancelTask(CancelTaskRequest.newBuilder().setQueryId(QUERY_ID).build()).getCancelled());
    }

    private static void prepare(ExecutorServiceGrpc.ExecutorServiceBlockingStub executor, QueryPlan plan) {
        executor.prepareQuery(PrepareQueryRequest.newBuilder().setQueryId(QUERY_ID).setRunId("run-1")
                .setPlan(plan.toByteString()).build());
    }

    private static RunTaskRequest task(int pipeline, int taskIndex, String partition) {
        return RunTaskRequest.newBuilder().setQueryId(QUERY_ID).setBatchId(0).setPipelineIndex(pipeline)
                .setTaskIndex(taskIndex).setInputPartitionJson(partition).build();
    }

    /** The partitions of the source's first batch, as a driver-side source instance plans them. */
    private List<String> partitionsOf(TableDefinition table, int parallelism) throws IOException {
        return FirstBatchPartitions.of(table, parallelism, directory.resolve("checkpoint"));
    }

    private static TableContext context(TableDefinition table) {
        return TableContext.of(table.getName(), TableSchemas.schemaOf(table), table.getOptionsMap());
    }

    private static List<String> visibleLines(Path output) throws IOException {
        if (!Files.isDirectory(output)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(output)) {
            for (Path file : files.filter(ExecutorRpcServiceTest::visible).sorted().toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    private static boolean visible(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && !name.startsWith(".") && !name.startsWith("_");
    }
}
