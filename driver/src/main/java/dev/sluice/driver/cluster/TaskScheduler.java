package dev.sluice.driver.cluster;

import static java.util.Objects.requireNonNull;

import dev.sluice.executor.rpc.proto.PrepareQueryRequest;
import dev.sluice.executor.rpc.proto.ReleaseQueryRequest;
import dev.sluice.executor.rpc.proto.ReleaseShuffleRequest;
import dev.sluice.executor.rpc.proto.ReleaseShuffleResponse;
import dev.sluice.executor.rpc.proto.RunTaskRequest;
import dev.sluice.executor.rpc.proto.RunTaskResponse;
import dev.sluice.executor.rpc.proto.TaskKind;
import dev.sluice.executor.server.TaskFailures;
import dev.sluice.planner.plan.proto.QueryPlan;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a query's plan to every executor once, then a batch's tasks: each to the executor with the fewest running
 * tasks per core (ties in turn), all at once, answers collected in task order. The first failure cancels the
 * batch's other tasks and is reported with the executor's name. A state task that failed only because a map task
 * it waited for failed (an input failure) does not count as first: the map task's own failure is the one reported.
 */
public final class TaskScheduler {
    private final List<ExecutorHandle> executors;
    private int nextInTurn;

    public TaskScheduler(List<ExecutorHandle> executors) {
        this.executors = List.copyOf(requireNonNull(executors, "executors is null"));
        if (this.executors.isEmpty()) {
            throw new IllegalArgumentException("a query needs at least one executor");
        }
    }

    /** Prepares a stateless query on every executor (connectors and operators built once there). */
    public void prepare(String queryId, String runId, QueryPlan plan) {
        prepare(queryId, runId, plan, "", 0);
    }

    /**
     * Prepares the query on every executor.
     *
     * @param checkpointLocation where a stateful query's state stores publish their files
     * @param keyGroups a stateful query's key groups
     */
    public void prepare(String queryId, String runId, QueryPlan plan, String checkpointLocation, int keyGroups) {
        PrepareQueryRequest request = PrepareQueryRequest.newBuilder()
                .setQueryId(queryId).setRunId(runId).setPlan(plan.toByteString())
                .setCheckpointLocation(checkpointLocation).setKeyGroups(keyGroups).build();
        for (ExecutorHandle executor : executors) {
            try {
                executor.blockingStub().withDeadlineAfter(60, TimeUnit.SECONDS).prepareQuery(request);
            } catch (StatusRuntimeException e) {
                throw new TaskFailedException(executor.id(), "executor " + executor.describe()
                        + " cannot prepare the query: " + describe(e.getStatus()), e);
            }
        }
    }

    /** Forgets the query on every executor that still answers. */
    public void release(String queryId) {
        ReleaseQueryRequest request = ReleaseQueryRequest.newBuilder().setQueryId(queryId).build();
        for (ExecutorHandle executor : executors) {
            try {
                executor.blockingStub().withDeadlineAfter(10, TimeUnit.SECONDS).releaseQuery(request);
            } catch (StatusRuntimeException e) {
                // a lost executor holds nothing any more
            }
        }
    }

    /** The executors, in a fixed order. */
    public List<ExecutorHandle> executors() {
        return executors;
    }

    /**
     * Asks every executor to forget the shuffle output of batches up to {@code batchId}; does not wait (a lost
     * answer only delays the cleanup to the next batch's request or the query's release).
     */
    public void releaseShuffle(String queryId, long batchId) {
        ReleaseShuffleRequest request = ReleaseShuffleRequest.newBuilder().setQueryId(queryId).setBatchId(batchId)
                .build();
        for (ExecutorHandle executor : executors) {
            executor.asyncStub().withDeadlineAfter(10, TimeUnit.SECONDS).releaseShuffle(request,
                    new StreamObserver<>() {
                        @Override
                        public void onNext(ReleaseShuffleResponse value) {
                        }

                        @Override
                        public void onError(Throwable error) {
                            // best effort, see above
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
        }
    }

    /**
     * Runs {@code tasks} (one batch) and returns their outcomes in the order given.
     *
     * @throws TaskFailedException for the first task that failed, after cancelling the others
     */
    public List<TaskOutcome> run(List<RunTaskRequest> tasks) throws InterruptedException {
        return run(tasks, null);
    }

    /**
     * Runs {@code tasks} (one stage of a batch), each on the executor {@code placement} names at its position (a
     * state task goes where its state partition's RocksDB instance already is), or, when {@code placement} is
     * null, on the least loaded one.
     *
     * @throws TaskFailedException for the first task that failed, after cancelling the others
     */
    public List<TaskOutcome> run(List<RunTaskRequest> tasks, List<ExecutorHandle> placement)
            throws InterruptedException {
        if (placement != null && placement.size() != tasks.size()) {
            throw new IllegalArgumentException("placement names " + placement.size() + " executors for "
                    + tasks.size() + " tasks");
        }
        List<CompletableFuture<TaskOutcome>> outcomes = new ArrayList<>(tasks.size());
        CompletableFuture<Void> firstFailure = new CompletableFuture<>();
        // An input failure waits here until the failure it follows from arrives, or until every task has answered.
        AtomicReference<TaskFailedException> inputFailure = new AtomicReference<>();
        AtomicInteger unanswered = new AtomicInteger(tasks.size());
        Context.CancellableContext batchContext = Context.current().withCancellation();
        try {
            for (int position = 0; position < tasks.size(); position++) {
                RunTaskRequest task = tasks.get(position);
                ExecutorHandle executor = placement == null ? leastLoaded() : placement.get(position);
                executor.runningTasks().incrementAndGet();
                CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
                outcomes.add(outcome);
                batchContext.run(() -> executor.asyncStub().runTask(task, new StreamObserver<>() {
                    private RunTaskResponse response;

                    @Override
                    public void onNext(RunTaskResponse value) {
                        response = value;
                    }

                    @Override
                    public void onError(Throwable error) {
                        executor.runningTasks().decrementAndGet();
                        TaskFailedException failure = failure(executor, task, error);
                        outcome.completeExceptionally(failure);
                        if (isInputFailure(error)) {
                            inputFailure.compareAndSet(null, failure);
                        } else {
                            firstFailure.completeExceptionally(failure);
                        }
                        answered();
                    }

                    @Override
                    public void onCompleted() {
                        executor.runningTasks().decrementAndGet();
                        outcome.complete(new TaskOutcome(task.getTaskIndex(), executor.id(), response));
                        answered();
                    }

                    private void answered() {
                        if (unanswered.decrementAndGet() == 0 && inputFailure.get() != null) {
                            // no other failure came: report the input failure after all
                            firstFailure.completeExceptionally(inputFailure.get());
                        }
                    }
                }));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new));
            try {
                CompletableFuture.anyOf(all, firstFailure).get();
            } catch (ExecutionException e) {
                throw (TaskFailedException) e.getCause();
            }
            List<TaskOutcome> result = new ArrayList<>(outcomes.size());
            for (CompletableFuture<TaskOutcome> outcome : outcomes) {
                result.add(outcome.join());
            }
            return result;
        } finally {
            // Ends what is still running after a failure or an interrupt; a no-op when all tasks finished.
            batchContext.cancel(null);
        }
    }

    /**
     * Where {@code count} tasks sent now would go: each to the executor with the fewest running tasks per core,
     * counting the ones placed before it (ties in turn). For a batch whose state tasks must name, when they are
     * sent, the executors its scan tasks run on.
     */
    public synchronized List<ExecutorHandle> placeByLoad(int count) {
        int[] added = new int[executors.size()];
        List<ExecutorHandle> placement = new ArrayList<>(count);
        for (int task = 0; task < count; task++) {
            int best = -1;
            double bestLoad = Double.MAX_VALUE;
            for (int offset = 0; offset < executors.size(); offset++) {
                int candidate = (nextInTurn + offset) % executors.size();
                ExecutorHandle executor = executors.get(candidate);
                double load = (double) (executor.runningTasks().get() + added[candidate]) / executor.cores();
                if (load < bestLoad) {
                    best = candidate;
                    bestLoad = load;
                }
            }
            added[best]++;
            placement.add(executors.get(best));
            nextInTurn = (best + 1) % executors.size();
        }
        return List.copyOf(placement);
    }

    /** Whether {@code error} is a state task's report that a map task it waited for failed. */
    private static boolean isInputFailure(Throwable error) {
        Metadata trailers = Status.trailersFromThrowable(error);
        return trailers != null && "true".equals(trailers.get(TaskFailures.INPUT_FAILED));
    }

    private synchronized ExecutorHandle leastLoaded() {
        ExecutorHandle best = null;
        double bestLoad = Double.MAX_VALUE;
        for (int offset = 0; offset < executors.size(); offset++) {
            ExecutorHandle candidate = executors.get((nextInTurn + offset) % executors.size());
            double load = (double) candidate.runningTasks().get() / candidate.cores();
            if (load < bestLoad) {
                best = candidate;
                bestLoad = load;
            }
        }
        nextInTurn = (executors.indexOf(best) + 1) % executors.size();
        return best;
    }

    private static TaskFailedException failure(ExecutorHandle executor, RunTaskRequest task, Throwable error) {
        Status status = Status.fromThrowable(error);
        Metadata trailers = Status.trailersFromThrowable(error);
        String reportedBy = trailers == null ? null : trailers.get(TaskFailures.EXECUTOR_ID);
        String where = (task.getKind() == TaskKind.STATE ? "the state task of partition " + task.getStatePartition()
                : "task " + task.getTaskIndex()) + " of batch " + task.getBatchId();
        if (reportedBy == null && (status.getCode() == Status.Code.UNAVAILABLE
                || status.getCode() == Status.Code.CANCELLED && status.getCause() != null)) {
            return new TaskFailedException(executor.id(), "executor " + executor.describe() + " was lost while"
                    + " running " + where + ": " + describe(status), error);
        }
        return new TaskFailedException(executor.id(), where + " failed on executor " + executor.describe() + ": "
                + describe(status), error);
    }

    private static String describe(Status status) {
        String description = status.getDescription();
        return description == null ? status.getCode().toString() : description;
    }
}
