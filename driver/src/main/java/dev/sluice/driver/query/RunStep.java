package dev.sluice.driver.query;

import dev.sluice.connector.SinkCommitRequest;
import dev.sluice.driver.cluster.TaskFailedException;
import dev.sluice.driver.cluster.TaskOutcome;
import dev.sluice.executor.rpc.proto.RunTaskRequest;
import java.util.List;

/**
 * Step 4: run the batch's tasks on the executors. A failure stops the batch; what its writers left is thrown
 * away (it was never visible) and the batch stays logged in {@code offsets/N} for the next run to replay.
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
            List<TaskOutcome> scanOutcomes = runtime.scheduler().run(tasks);
            if (!runtime.stateful()) {
                return new BatchOutcome(tasks, scanOutcomes, List.of(), List.of());
            }
            List<RunTaskRequest> stateTasks = BindStep.stateTasks(runtime, batchId, watermarkMs, statePartitions,
                    previousStatePartitions, tasks, scanOutcomes);
            List<TaskOutcome> stateOutcomes = runtime.scheduler().run(stateTasks,
                    BindStep.statePlacement(runtime, stateTasks));
            return new BatchOutcome(tasks, scanOutcomes, stateTasks, stateOutcomes);
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
