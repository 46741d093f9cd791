package dev.sluice.driver.query;

import dev.sluice.connector.SinkCommitRequest;
import dev.sluice.driver.cluster.TaskOutcome;
import java.util.ArrayList;
import java.util.List;

/** Step 5: make the batch's output visible, idempotently per (query id, batch id). */
final class SinkCommitStep {
    private SinkCommitStep() {}

    static void commit(QueryRuntime runtime, long batchId, RunStep.BatchOutcome batch) {
        if (runtime.lateRowsSink() != null) {
            // The late rows first: commits/N is published after both, so a crash in between replays the batch and
            // each sink's idempotent commit skips what it already holds.
            List<String> late = new ArrayList<>(batch.scanOutcomes().size());
            for (TaskOutcome outcome : batch.scanOutcomes()) {
                String message = outcome.response().getLateRowsCommitMessage();
                if (!message.isEmpty()) { // a task without a watermark yet had no late-rows writer
                    late.add(message);
                }
            }
            runtime.lateRowsSink().commit(new SinkCommitRequest(runtime.queryId(), batchId, late));
        }
        List<TaskOutcome> outcomes = batch.sinkOutcomes();
        List<String> messages = new ArrayList<>(outcomes.size());
        for (TaskOutcome outcome : outcomes) {
            messages.add(outcome.response().getCommitMessage()); // in task order, as the sink expects
        }
        runtime.sink().commit(new SinkCommitRequest(runtime.queryId(), batchId, messages));
    }
}
