package dev.sluice.driver.query;

import dev.sluice.driver.cluster.TaskOutcome;
import dev.sluice.driver.progress.QueryProgress;
import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.executor.rpc.proto.EventTimeStats;
import dev.sluice.executor.rpc.proto.RunTaskRequest;
import dev.sluice.executor.rpc.proto.RunTaskResponse;
import dev.sluice.executor.rpc.proto.StateOperatorMetrics;
import dev.sluice.planner.plan.proto.TableDefinition;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Builds a batch's progress record from its ranges, tasks and outcomes. */
final class ProgressReport {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ProgressReport() {}

    /**
     * @param sincePreviousTriggerNanos time since the previous batch's start in this run, or -1 for the first
     */
    static QueryProgress of(QueryRuntime runtime, String name, long batchId, long batchTimestampMs,
            long watermarkMs, List<SourceRange> ranges, RunStep.BatchOutcome batch, Map<String, Long> durationMs,
            long sincePreviousTriggerNanos) {
        long[] inputRowsBySource = new long[ranges.size()];
        long inputRows = 0;
        EventTimes eventTimes = new EventTimes();
        List<RunTaskRequest> tasks = batch.scanTasks();
        List<TaskOutcome> outcomes = batch.scanOutcomes();
        for (int index = 0; index < outcomes.size(); index++) {
            int pipeline = tasks.get(index).getPipelineIndex();
            int source = runtime.planned().plan().getPipelines(pipeline).getSourceIndex();
            RunTaskResponse response = outcomes.get(index).response();
            inputRowsBySource[source] += response.getInputRows();
            inputRows += response.getInputRows();
            eventTimes.add(response.getEventTime());
        }
        long outputRows = 0;
        for (TaskOutcome outcome : batch.sinkOutcomes()) {
            outputRows += outcome.response().getOutputRows();
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
        Map<String, String> eventTime = new TreeMap<>();
        if (hasWatermark(runtime)) {
            eventTime.put("watermark", format(watermarkMs == OperatorContext.NO_WATERMARK ? 0 : watermarkMs));
            eventTimes.into(eventTime);
        }
        return new QueryProgress(runtime.queryId(), runtime.runId(), name,
                TIMESTAMP.format(Instant.ofEpochMilli(batchTimestampMs)), batchId, inputRows,
                inputRows / sinceSeconds, inputRows / processingSeconds, durationMs, eventTime,
                stateOperators(runtime, batch), sources,
                new QueryProgress.SinkProgress(runtime.sinkDescription(), outputRows));
    }

    private static boolean hasWatermark(QueryRuntime runtime) {
        return runtime.planned().plan().getSourcesList().stream().anyMatch(TableDefinition::hasWatermark);
    }

    private static List<QueryProgress.StateOperatorProgress> stateOperators(QueryRuntime runtime,
            RunStep.BatchOutcome batch) {
        if (!runtime.stateful()) {
            return List.of();
        }
        long total = 0;
        long updated = 0;
        long removed = 0;
        long updateNanos = 0;
        long commitNanos = 0;
        long memory = 0;
        long bytesOnDisk = 0;
        long changelogBytes = 0;
        long dropped = 0;
        for (TaskOutcome outcome : batch.stateOutcomes()) {
            StateOperatorMetrics state = outcome.response().getState();
            total += state.getNumRowsTotal();
            updated += state.getNumRowsUpdated();
            removed += state.getNumRowsRemoved();
            updateNanos += state.getAllUpdatesNanos();
            commitNanos += state.getCommitNanos();
            memory += state.getMemoryUsedBytes();
            bytesOnDisk += state.getBytesOnDisk();
            changelogBytes += state.getChangelogBytes();
        }
        for (TaskOutcome outcome : batch.scanOutcomes()) {
            dropped += outcome.response().getRowsDroppedByWatermark();
        }
        String operator = runtime.planned().plan().getStateStage().getAggregate().getOperatorId();
        return List.of(new QueryProgress.StateOperatorProgress(operator, total, updated, removed, dropped,
                updateNanos / 1_000_000, commitNanos / 1_000_000, memory, batch.stateTasks().size(),
                Map.of("bytesOnDisk", bytesOnDisk, "changelogBytes", changelogBytes,
                        "keyGroups", (long) runtime.state().keyGroups())));
    }

    private static String format(long epochMillis) {
        return TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
    }

    /** min, max and mean over the tasks' event-time statistics. */
    private static final class EventTimes {
        private long count;
        private long min = Long.MAX_VALUE;
        private long max = Long.MIN_VALUE;
        private double mean;

        void add(EventTimeStats stats) {
            if (stats.getCount() == 0) {
                return;
            }
            long total = count + stats.getCount();
            mean += (stats.getAvgMs() - mean) * ((double) stats.getCount() / total);
            count = total;
            min = Math.min(min, stats.getMinMs());
            max = Math.max(max, stats.getMaxMs());
        }

        void into(Map<String, String> eventTime) {
            if (count == 0) {
                return;
            }
            eventTime.put("min", format(min));
            eventTime.put("max", format(max));
            eventTime.put("avg", format(Math.round(mean)));
        }
    }

    /** The compact stdout line: batch id, rows, rows per second, duration. */
    static String line(QueryProgress progress) {
        return String.format(Locale.ROOT, "batch %d: %d rows, %.0f rows/s, %d ms", progress.batchId(),
                progress.numInputRows(), progress.processedRowsPerSecond(),
                progress.durationMs().get("triggerExecution"));
    }
}
