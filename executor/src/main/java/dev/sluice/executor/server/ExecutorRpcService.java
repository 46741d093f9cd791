package dev.sluice.executor.server;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.sluice.connector.Connectors;
import dev.sluice.executor.rpc.proto.CancelTaskRequest;
import dev.sluice.executor.rpc.proto.CancelTaskResponse;
import dev.sluice.executor.rpc.proto.ExecutorServiceGrpc;
import dev.sluice.executor.rpc.proto.FetchShuffleRequest;
import dev.sluice.executor.rpc.proto.HeartbeatRequest;
import dev.sluice.executor.rpc.proto.HeartbeatResponse;
import dev.sluice.executor.rpc.proto.PrepareQueryRequest;
import dev.sluice.executor.rpc.proto.PrepareQueryResponse;
import dev.sluice.executor.rpc.proto.ReleaseQueryRequest;
import dev.sluice.executor.rpc.proto.ReleaseQueryResponse;
import dev.sluice.executor.rpc.proto.ReleaseShuffleRequest;
import dev.sluice.executor.rpc.proto.ReleaseShuffleResponse;
import dev.sluice.executor.rpc.proto.RunTaskRequest;
import dev.sluice.executor.rpc.proto.RunTaskResponse;
import dev.sluice.executor.rpc.proto.ShuffleChunk;
import dev.sluice.executor.rpc.proto.ShuffleInput;
import dev.sluice.executor.rpc.proto.TaskKind;
import dev.sluice.executor.rpc.proto.TaskTimings;
import dev.sluice.executor.shuffle.ShuffleService;
import dev.sluice.executor.task.PreparedQuery;
import dev.sluice.executor.task.StateStores;
import dev.sluice.executor.task.StatefulTask;
import dev.sluice.executor.task.StatefulTaskResult;
import dev.sluice.executor.task.TaskCancelledException;
import dev.sluice.executor.task.TaskRequest;
import dev.sluice.executor.task.TaskResult;
import dev.sluice.executor.task.TaskRunner;
import dev.sluice.planner.plan.proto.QueryPlan;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The executor's gRPC service: the same implementation serves in-process executors ({@code local[N]}) and executor
 * processes. Prepared queries are kept by query id; tasks run on a fixed pool of {@code cores} threads, so gRPC's
 * own threads never block on a task. A state task sent together with its batch's scan tasks (inputs pending) waits
 * without a thread until the map outputs on this executor are registered, and only then joins the queue.
 */
public final class ExecutorRpcService extends ExecutorServiceGrpc.ExecutorServiceImplBase implements AutoCloseable {
    private final String executorId;
    private final int cores;
    private final Connectors connectors;
    private final BufferAllocator allocator;
    private final TaskRunner runner;
    private final ExecutorService taskThreads;
    private final ShuffleService shuffle;
    private final Map<String, PreparedQuery> queries = new ConcurrentHashMap<>();
    private final Map<TaskKey, RunningTask> runningTasks = new ConcurrentHashMap<>();
    private final AtomicLong lastHeartbeatNanos = new AtomicLong(System.nanoTime());
    private final AtomicInteger heartbeats = new AtomicInteger();
    private Path workDirectory;

    /** Scan and state tasks of a batch are numbered separately, and may be on the executor at the same time. */
    private record TaskKey(String queryId, long batchId, TaskKind kind, int taskIndex) {}

    /** How long releasing a query waits for its cancelled tasks to stop. */
    private static final int TASK_STOP_TIMEOUT_SECONDS = 30;

    /**
     * A task on a task thread, or a state task still waiting for its inputs; cancelling sets the flag the task
     * checks between batches, then interrupts it (or ends its wait).
     */
    private static final class RunningTask {
        final AtomicBoolean cancelled = new AtomicBoolean();
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean started;
        /** Taken by the task thread that runs the task, or by a cancel that drops it from the queue: one of them. */
        final AtomicBoolean claimed = new AtomicBoolean();
        /** Answers the call of a task dropped from the queue; set when the task is queued. */
        volatile Runnable dropQueued;
        volatile Future<?> future;
        /** A state task's wait for the map outputs on this executor; null for a task queued at once. */
        volatile CompletableFuture<Void> inputs;

        void cancel() {
            cancelled.set(true);
            CompletableFuture<Void> waiting = inputs;
            if (waiting != null) {
                waiting.cancel(false);
            }
            // A task still in the queue is dropped and answered here: it will never run, and its caller waits
            // for an answer. A task a thread took is interrupted, and answers itself.
            Runnable drop = dropQueued;
            if (drop != null && claimed.compareAndSet(false, true)) {
                Future<?> queued = future;
                if (queued != null) {
                    queued.cancel(false);
                }
                drop.run();
                return;
            }
            Future<?> running = future;
            if (running != null && started) {
                running.cancel(true);
            }
        }

        /** Waits until the task's thread has left it (or it was cancelled before it started), until the deadline. */
        void awaitDone(long deadlineNanos) throws InterruptedException {
            while (System.nanoTime() < deadlineNanos) {
                if (done.await(10, TimeUnit.MILLISECONDS)) {
                    return;
                }
                Future<?> running = future;
                if (!started && running != null && running.isDone()) {
                    return; // the pool dropped it (shutting down): it never runs
                }
            }
        }
    }

    public ExecutorRpcService(String executorId, int cores, Connectors connectors) {
        this.executorId = requireNonNull(executorId, "executorId is null");
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be positive: " + cores);
        }
        this.cores = cores;
        this.connectors = requireNonNull(connectors, "connectors is null");
        this.allocator = new RootAllocator();
        // Map outputs kept for the state tasks; spill files go under the JVM's temporary directory.
        this.shuffle = ShuffleService.create(executorId, Path.of(System.getProperty("java.io.tmpdir")));
        this.runner = new TaskRunner(allocator, new ExecutorShuffleIo(shuffle));
        AtomicInteger threadNumber = new AtomicInteger();
        this.taskThreads = Executors.newFixedThreadPool(cores, runnable -> {
            Thread thread = new Thread(runnable, executorId + "-task-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public String executorId() {
        return executorId;
    }

    public int cores() {
        return cores;
    }

    /** The executor's shuffle: the store scan tasks write to and state tasks read from, and its channels. */
    public ShuffleService shuffle() {
        return shuffle;
    }

    /** Nanoseconds (System.nanoTime) of the last heartbeat, or of creation before the first. */
    public long lastHeartbeatNanos() {
        return lastHeartbeatNanos.get();
    }

    /** How many heartbeats arrived. */
    public int heartbeatCount() {
        return heartbeats.get();
    }

    @Override
    public void prepareQuery(PrepareQueryRequest request, StreamObserver<PrepareQueryResponse> response) {
        try {
            PreparedQuery existing = queries.get(request.getQueryId());
            if (existing == null || !existing.runId().equals(request.getRunId())) {
                QueryPlan plan = parsePlan(request);
                StateStores stateStores = plan.hasStateStage() ? new StateStores(request.getCheckpointLocation(),
                        workDirectory().resolve("state").resolve(directoryName(request.getQueryId())
                                + "-" + directoryName(request.getRunId()))) : null;
                PreparedQuery prepared = PreparedQuery.prepare(request.getQueryId(), request.getRunId(), plan,
                        connectors, request.getKeyGroups(), stateStores);
                PreparedQuery replaced = queries.put(request.getQueryId(), prepared);
                if (replaced != null) {
                    // A new run of the same query: the old run's driver is gone, and so must its tasks be before
                    // what they use (state stores, writers) is closed. Its map outputs go too: a state task of
                    // the new run that waits for a map task must see that run's output, not a leftover.
                    cancelTasksOf(request.getQueryId());
                    replaced.close();
                    shuffle.releaseQuery(request.getQueryId());
                }
            }
            response.onNext(PrepareQueryResponse.newBuilder().setExecutorId(executorId).build());
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(TaskFailures.toStatus(e, executorId));
        }
    }

    private static QueryPlan parsePlan(PrepareQueryRequest request) {
        try {
            return QueryPlan.parseFrom(request.getPlan());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the plan of query " + request.getQueryId() + " is not a valid"
                    + " QueryPlan: " + e.getMessage(), e);
        }
    }

    @Override
    public void runTask(RunTaskRequest request, StreamObserver<RunTaskResponse> response) {
        long arrived = System.nanoTime();
        TaskRequest task;
        PreparedQuery query;
        try {
            task = taskRequest(request);
            query = queries.get(request.getQueryId());
            if (query == null) {
                throw new TaskFailures.UnknownQueryException("query " + request.getQueryId() + " is not prepared on"
                        + " executor " + executorId);
            }
        } catch (RuntimeException e) {
            response.onError(TaskFailures.toStatus(e, executorId));
            return;
        }
        TaskKey key = new TaskKey(task.queryId(), task.batchId(), request.getKind(), task.taskIndex());
        RunningTask running = new RunningTask();
        RunningTask previous = runningTasks.put(key, running);
        if (previous != null) {
            previous.cancel(); // an older attempt of the same task: only the newest may write
        }
        CompletableFuture<Void> inputs = request.getInputsPending() ? localInputs(request) : null;
        running.inputs = inputs;
        // The driver cancelling the call (or going away) cancels the task.
        Context.current().addListener(context -> running.cancel(), Runnable::run);
        if (inputs == null) {
            queue(query, task, key, running, arrived, response);
            return;
        }
        // A state task sent with its batch's scan tasks: it takes a task thread only once the outputs of the map
        // tasks on this executor exist. Those map tasks were queued before it, so it never holds the thread one of
        // them needs; a remote input it then waits for in the fetch is a map task on another executor.
        inputs.whenComplete((ready, failure) -> {
            if (failure == null) {
                queue(query, task, key, running, arrived, response);
                return;
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            try {
                safeOnError(response, TaskFailures.toStatus(running.cancelled.get()
                        ? new TaskCancelledException(task.describe() + " was cancelled while waiting for its inputs")
                        : cause, executorId));
            } finally {
                runningTasks.remove(key, running);
                running.done.countDown();
            }
        });
    }

    private void queue(PreparedQuery query, TaskRequest task, TaskKey key, RunningTask running, long arrived,
            StreamObserver<RunTaskResponse> response) {
        running.dropQueued = () -> {
            try {
                safeOnError(response, TaskFailures.toStatus(new TaskCancelledException(task.describe()
                        + " was cancelled"), executorId));
            } finally {
                runningTasks.remove(key, running);
                running.done.countDown();
            }
        };
        try {
            running.future = taskThreads.submit(() -> execute(query, task, key, running, arrived, response));
        } catch (RejectedExecutionException e) {
            runningTasks.remove(key, running);
            running.done.countDown();
            safeOnError(response, TaskFailures.toStatus(new IllegalStateException("executor " + executorId
                    + " is stopping"), executorId));
        }
    }

    /**
     * Completes when the outputs of the map tasks that the state task {@code request} names on this executor are
     * registered; fails at the first that fails (the map task failed here, or the batch is over).
     */
    private CompletableFuture<Void> localInputs(RunTaskRequest request) {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (ShuffleInput input : request.getShuffleInputsList()) {
            if (input.getPending() && input.getExecutorId().equals(executorId)) {
                waits.add(shuffle.store().whenRegistered(request.getQueryId(), request.getBatchId(),
                        input.getMapTaskIndex()).toCompletableFuture());
            }
        }
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(waits.size());
        if (waits.isEmpty()) {
            all.complete(null);
        }
        for (CompletableFuture<Void> wait : waits) {
            wait.whenComplete((ready, failure) -> {
                if (failure != null) {
                    all.completeExceptionally(failure instanceof CompletionException ? failure.getCause()
                            : failure);
                } else if (left.decrementAndGet() == 0) {
                    all.complete(null);
                }
            });
        }
        return all;
    }

    private static TaskRequest taskRequest(RunTaskRequest request) {
        StatefulTask stateful = request.getStatePartitions() == 0 ? null : new StatefulTask(request.getKind(),
                request.getKeyGroups(), request.getStatePartitions(), request.getStatePartition(),
                request.getShuffleInputsList(), request.getPreviousStatePartitions());
        return new TaskRequest(request.getQueryId(), request.getBatchId(), request.getPipelineIndex(),
                request.getTaskIndex(), request.getInputPartitionJson(), request.getAttempt(),
                request.getWatermarkMs(), stateful);
    }

    /** This executor's own directory for state and spill files, created on first use, deleted at close. */
    private synchronized Path workDirectory() {
        if (workDirectory == null) {
            try {
                workDirectory = Files.createTempDirectory("sluice-" + directoryName(executorId) + "-");
            } catch (IOException e) {
                throw new UncheckedIOException("executor " + executorId + " cannot create its work directory", e);
            }
        }
        return workDirectory;
    }

    private static String directoryName(String id) {
        return id.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private void execute(PreparedQuery query, TaskRequest task, TaskKey key, RunningTask running, long arrived,
            StreamObserver<RunTaskResponse> response) {
        if (!running.claimed.compareAndSet(false, true)) {
            return; // cancelled in the queue: already answered
        }
        running.started = true;
        long queued = System.nanoTime() - arrived;
        try {
            if (running.cancelled.get()) {
                throw new TaskCancelledException(task.describe() + " was cancelled before it started");
            }
            TaskResult result = runner.run(query, task, running.cancelled::get);
            StatefulTaskResult stateful = result.stateful();
            RunTaskResponse.Builder answer = RunTaskResponse.newBuilder()
                    .setEventTime(stateful.eventTime())
                    .setRowsDroppedByWatermark(stateful.rowsDroppedByWatermark())
                    .setLateRowsCommitMessage(stateful.lateRowsCommitMessage())
                    .setState(stateful.state());
            for (int partition = 0; partition < stateful.shuffleRows().length; partition++) {
                answer.addShuffleRows(stateful.shuffleRows()[partition]);
                answer.addShuffleBytes(stateful.shuffleBytes()[partition]);
            }
            response.onNext(answer
                    .setCommitMessage(result.commitMessage())
                    .setInputRows(result.inputRows())
                    .setOutputRows(result.outputRows())
                    .setExecutorId(executorId)
                    .setTimings(TaskTimings.newBuilder()
                            .setQueuedNanos(queued)
                            .setReadNanos(result.readNanos())
                            .setOperatorNanos(result.operatorNanos())
                            .setWriteNanos(result.writeNanos())
                            .setTotalNanos(result.totalNanos()))
                    .build());
            response.onCompleted();
        } catch (Throwable e) {
            boolean wasCancelled = running.cancelled.get();
            StatusRuntimeException status = TaskFailures.toStatus(wasCancelled
                    ? new TaskCancelledException(task.describe() + " was cancelled") : e, executorId);
            safeOnError(response, status);
            if (task.stateful() != null && task.stateful().kind() == TaskKind.SCAN) {
                // After the answer, so that the driver hears of this failure before any state task's that
                // waited for this output; those fail now instead of waiting for the driver to cancel them.
                shuffle.store().mapTaskFailed(task.queryId(), task.batchId(), task.taskIndex(), "map task "
                        + task.taskIndex() + " of batch " + task.batchId() + " " + (wasCancelled ? "was cancelled"
                        : "failed") + " on executor " + executorId + ": " + status.getStatus().getDescription());
            }
            if (e instanceof Error error && !(e instanceof AssertionError)) {
                throw error;
            }
        } finally {
            runningTasks.remove(key, running);
            running.done.countDown();
        }
    }

    private static void safeOnError(StreamObserver<?> response, RuntimeException status) {
        try {
            response.onError(status);
        } catch (RuntimeException alreadyClosed) {
            // the call was cancelled by the driver; nobody is listening
        }
    }

    @Override
    public void cancelTask(CancelTaskRequest request, StreamObserver<CancelTaskResponse> response) {
        RunningTask running = runningTasks.get(new TaskKey(request.getQueryId(), request.getBatchId(),
                request.getKind(), request.getTaskIndex()));
        if (running != null) {
            running.cancel();
        }
        response.onNext(CancelTaskResponse.newBuilder().setCancelled(running != null).build());
        response.onCompleted();
    }

    @Override
    public void releaseQuery(ReleaseQueryRequest request, StreamObserver<ReleaseQueryResponse> response) {
        try {
            cancelTasksOf(request.getQueryId());
            PreparedQuery query = queries.remove(request.getQueryId());
            if (query != null) {
                query.close();
            }
            shuffle.releaseQuery(request.getQueryId());
            response.onNext(ReleaseQueryResponse.getDefaultInstance());
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(TaskFailures.toStatus(e, executorId));
        }
    }

    /**
     * Cancels the query's tasks and waits (at most {@link #TASK_STOP_TIMEOUT_SECONDS}) until their threads have
     * left them: closing a RocksDB instance or a writer under a running task would crash or corrupt it.
     */
    private void cancelTasksOf(String queryId) {
        List<RunningTask> cancelled = new ArrayList<>();
        for (Map.Entry<TaskKey, RunningTask> entry : runningTasks.entrySet()) {
            if (entry.getKey().queryId().equals(queryId)) {
                entry.getValue().cancel();
                cancelled.add(entry.getValue());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TASK_STOP_TIMEOUT_SECONDS);
        try {
            for (RunningTask task : cancelled) {
                task.awaitDone(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void fetchShuffle(FetchShuffleRequest request, StreamObserver<ShuffleChunk> response) {
        shuffle.fetch(request, response);
    }

    @Override
    public void releaseShuffle(ReleaseShuffleRequest request, StreamObserver<ReleaseShuffleResponse> response) {
        shuffle.release(request, response);
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> response) {
        lastHeartbeatNanos.set(System.nanoTime());
        heartbeats.incrementAndGet();
        response.onNext(HeartbeatResponse.newBuilder()
                .setExecutorId(executorId)
                .setCores(cores)
                .setRunningTasks(runningTasks.size())
                .build());
        response.onCompleted();
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort: the directory is in the temporary directory, which the system cleans too
        }
    }

    /** How many tasks are running or queued. */
    public int runningTaskCount() {
        return runningTasks.size();
    }

    /** Cancels running tasks, closes prepared queries and checks that no task leaked Arrow memory. */
    @Override
    public void close() {
        runningTasks.values().forEach(RunningTask::cancel);
        taskThreads.shutdownNow();
        try {
            taskThreads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (PreparedQuery query : queries.values()) {
            query.close();
        }
        queries.clear();
        shuffle.close();
        allocator.close();
        synchronized (this) {
            if (workDirectory != null) {
                deleteRecursively(workDirectory);
            }
        }
    }
}
