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

    static List<TaskOutcome> run(QueryRuntime runtime, long batchId, List<RunTaskRequest> tasks)
            throws InterruptedException {
        try {
            return runtime.scheduler().run(tasks);
        } catch (TaskFailedException e) {
            try {
                runtime.sink().abort(new SinkCommitRequest(runtime.queryId(), batchId, List.of()));
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }
}
