package dev.sluice.driver.query;

import dev.sluice.driver.cluster.TaskOutcome;
import dev.sluice.driver.progress.QueryProgress;
import dev.sluice.executor.rpc.proto.RunTaskRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds a batch's progress record from its ranges, tasks and outcomes. */
final class ProgressReport {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ProgressReport() {}

    /**
     * @param sincePreviousTriggerNanos time since the previous batch's start in this run, or -1 for the first
     */
    static QueryProgress of(QueryRuntime runtime, String name, long batchId, long batchTimestampMs,
            List<SourceRange> ranges, List<RunTaskRequest> tasks, List<TaskOutcome> outcomes,
            Map<String, Long> durationMs, long sincePreviousTriggerNanos) {
        long[] inputRowsBySource = new long[ranges.size()];
        long inputRows = 0;
        long outputRows = 0;
        for (int index = 0; index < outcomes.size(); index++) {
            int pipeline = tasks.get(index).getPipelineIndex();
            int source = runtime.planned().plan().getPipelines(pipeline).getSourceIndex();
            inputRowsBySource[source] += outcomes.get(index).response().getInputRows();
            inputRows += outcomes.get(index).response().getInputRows();
            outputRows += outcomes.get(index).response().getOutputRows();
        }
        double processingSeconds = Math.max(1, durationMs.get("triggerExecution")) / 1000.0;
        double sinceSeconds = sincePreviousTriggerNanos < 0 ? processingSeconds
                : Math.max(1, sincePreviousTriggerNanos / 1_000_000) / 1000.0;
        List<QueryProgress.SourceProgress> sources = new ArrayList<>();
        for (SourceRange range : ranges) {
            long rows = inputRowsBySource[range.index()];
            sources.add(new QueryProgress.SourceProgress(runtime.sourceDescription(range.index()),
                    range.start().json(), range.end().json(), range.end().json(), rows, rows / sinceSeconds,
                    rows / processingSeconds));
        }
        return new QueryProgress(runtime.queryId(), runtime.runId(), name,
                TIMESTAMP.format(Instant.ofEpochMilli(batchTimestampMs)), batchId, inputRows,
                inputRows / sinceSeconds, inputRows / processingSeconds, durationMs, sources,
                new QueryProgress.SinkProgress(runtime.sinkDescription(), outputRows));
    }

    /** The compact stdout line: batch id, rows, rows per second, duration. */
    static String line(QueryProgress progress) {
        return String.format(Locale.ROOT, "batch %d: %d rows, %.0f rows/s, %d ms", progress.batchId(),
                progress.numInputRows(), progress.processedRowsPerSecond(),
                progress.durationMs().get("triggerExecution"));
    }
}
