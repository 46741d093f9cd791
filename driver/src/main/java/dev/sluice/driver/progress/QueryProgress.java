package dev.sluice.driver.progress;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What one batch did, with the field names of Spark's {@code StreamingQueryProgress}, so tools written for Spark
 * can read it. Offsets are the connectors' own JSON, kept as JSON (not as strings).
 *
 * @param id the persistent query id
 * @param runId this run's id
 * @param name the query's name (the SQL file's name)
 * @param timestamp the batch's start, ISO-8601 UTC
 * @param durationMs addBatch, getBatch, latestOffset, queryPlanning, triggerExecution, walCommit, commitOffsets
 * @param eventTime Spark's eventTime: "watermark" (the batch's), and "min", "max", "avg" of the event times the
 *     batch read, as ISO-8601 UTC; empty for a query without a WATERMARK
 * @param stateOperators one entry per stateful operator, summed over its state partitions
 */
public record QueryProgress(String id, String runId, String name, String timestamp, long batchId,
        long numInputRows, double inputRowsPerSecond, double processedRowsPerSecond, Map<String, Long> durationMs,
        Map<String, String> eventTime, List<StateOperatorProgress> stateOperators, List<SourceProgress> sources,
        SinkProgress sink) {
    public QueryProgress {
        eventTime = Map.copyOf(requireNonNull(eventTime, "eventTime is null"));
        stateOperators = List.copyOf(requireNonNull(stateOperators, "stateOperators is null"));
        requireNonNull(id, "id is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(name, "name is null");
        requireNonNull(timestamp, "timestamp is null");
        durationMs = Map.copyOf(requireNonNull(durationMs, "durationMs is null"));
        sources = List.copyOf(requireNonNull(sources, "sources is null"));
        requireNonNull(sink, "sink is null");
    }

    /**
     * One source's share of the batch.
     *
     * @param startOffset JSON, or null for a source's first batch
     * @param endOffset JSON
     * @param latestOffset JSON: the furthest the source offered when asked (the end, under its read limit)
     */
    public record SourceProgress(String description, String startOffset, String endOffset, String latestOffset,
            long numInputRows, double inputRowsPerSecond, double processedRowsPerSecond) {
        public SourceProgress {
            requireNonNull(description, "description is null");
            requireNonNull(endOffset, "endOffset is null");
            requireNonNull(latestOffset, "latestOffset is null");
        }
    }

    /**
     * One stateful operator, with Spark's {@code StateOperatorProgress} field names.
     *
     * @param numRowsTotal state rows (groups, windows, sessions) after the batch
     * @param numRowsUpdated state rows the batch wrote
     * @param numRowsRemoved state rows the batch removed (emitted final windows, evicted state)
     * @param numRowsDroppedByWatermark input rows ignored because they were older than the watermark
     * @param allUpdatesTimeMs time spent updating the state, summed over partitions
     * @param commitTimeMs time spent committing the state (publishing changelogs, snapshots), summed over partitions
     * @param memoryUsedBytes memory of the state stores (write buffers, table readers)
     * @param numShufflePartitions the state partitions of the batch
     * @param customMetrics engine-specific figures (bytes on disk, changelog bytes, key groups)
     */
    public record StateOperatorProgress(String operatorName, long numRowsTotal, long numRowsUpdated,
            long numRowsRemoved, long numRowsDroppedByWatermark, long allUpdatesTimeMs, long commitTimeMs,
            long memoryUsedBytes, long numShufflePartitions, Map<String, Long> customMetrics) {
        public StateOperatorProgress {
            requireNonNull(operatorName, "operatorName is null");
            customMetrics = Map.copyOf(requireNonNull(customMetrics, "customMetrics is null"));
        }
    }

    public record SinkProgress(String description, long numOutputRows) {
        public SinkProgress {
            requireNonNull(description, "description is null");
        }
    }
}
