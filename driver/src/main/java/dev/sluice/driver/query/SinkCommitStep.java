package dev.sluice.driver.query;

import dev.sluice.connector.SinkCommitRequest;
import dev.sluice.driver.cluster.TaskOutcome;
import java.util.ArrayList;
import java.util.List;

/** Step 5: make the batch's output visible, idempotently per (query id, batch id). */
final class SinkCommitStep {
    private SinkCommitStep() {}

    static void commit(QueryRuntime runtime, long batchId, RunStep.BatchOutcome batch) {
        List<TaskOutcome> outcomes = batch.sinkOutcomes();
        List<String> messages = new ArrayList<>(outcomes.size());
        for (TaskOutcome outcome : outcomes) {
            messages.add(outcome.response().getCommitMessage()); // in task order, as the sink expects
        }
        runtime.sink().commit(new SinkCommitRequest(runtime.queryId(), batchId, messages));
    }
}
