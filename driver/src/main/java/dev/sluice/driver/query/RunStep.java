package dev.sluice.driver.query;

import dev.sluice.connector.SinkCommitRequest;
import dev.sluice.driver.cluster.ExecutorHandle;
import dev.sluice.driver.cluster.TaskFailedException;
import dev.sluice.driver.cluster.TaskOutcome;
import dev.sluice.executor.rpc.proto.RunTaskRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 4: run the batch's tasks on the executors. A stateful batch sends its state tasks together with its scan
 * tasks: each state task waits on its executor until the map outputs it reads exist, so the state stage starts
 * as soon as its inputs are there, without a round trip through the driver. A failure stops the batch; what its
 * writers left is thrown away (it was never visible) and the batch stays logged in {@code offsets/N} for the next
 * run to replay.
 */
final class RunStep {
    private RunStep() {}

    /**
     * What a batch's tasks did.
     *
     * @param scanTasks the tasks that read the sources
     * @param scanOutcomes their outcomes, in the same order
     * @param stateTasks a stateful query's state tasks (empty for a stateless query)
     * @param stateOutcomes their outcomes
     */
    record BatchOutcome(List<RunTaskRequest> scanTasks, List<TaskOutcome> scanOutcomes,
            List<RunTaskRequest> stateTasks, List<TaskOutcome> stateOutcomes) {
        /** The outcomes whose commit messages the sink takes, in task order. */
        List<TaskOutcome> sinkOutcomes() {
            return stateTasks.isEmpty() ? scanOutcomes : stateOutcomes;
        }
    }

    /**
     * @param statePartitions the batch's state partitions
     * @param previousStatePartitions batch N-1's (0 when there is none)
     */
    static BatchOutcome run(QueryRuntime runtime, long batchId, long watermarkMs, int statePartitions,
            int previousStatePartitions, List<RunTaskRequest> tasks) throws InterruptedException {
        try {
            if (!runtime.stateful()) {
                return new BatchOutcome(tasks, runtime.scheduler().run(tasks), List.of(), List.of());
            }
            List<ExecutorHandle> scanPlacement = runtime.scheduler().placeByLoad(tasks.size());
            List<RunTaskRequest> stateTasks = BindStep.stateTasks(runtime, batchId, watermarkMs, statePartitions,
                    previousStatePartitions, tasks, scanPlacement);
            List<RunTaskRequest> all = new ArrayList<>(tasks.size() + stateTasks.size());
            all.addAll(tasks);
            all.addAll(stateTasks);
            List<ExecutorHandle> placement = new ArrayList<>(all.size());
            placement.addAll(scanPlacement);
            placement.addAll(BindStep.statePlacement(runtime, stateTasks));
            List<TaskOutcome> outcomes = runtime.scheduler().run(all, placement);
            return new BatchOutcome(tasks, List.copyOf(outcomes.subList(0, tasks.size())), stateTasks,
                    List.copyOf(outcomes.subList(tasks.size(), outcomes.size())));
        } catch (TaskFailedException e) {
            try {
                runtime.sink().abort(new SinkCommitRequest(runtime.queryId(), batchId, List.of()));
                if (runtime.lateRowsSink() != null) {
                    runtime.lateRowsSink().abort(new SinkCommitRequest(runtime.queryId(), batchId, List.of()));
                }
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }
}
