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
 */
public record QueryProgress(String id, String runId, String name, String timestamp, long batchId,
        long numInputRows, double inputRowsPerSecond, double processedRowsPerSecond, Map<String, Long> durationMs,
        List<SourceProgress> sources, SinkProgress sink) {
    public QueryProgress {
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

    public record SinkProgress(String description, long numOutputRows) {
        public SinkProgress {
            requireNonNull(description, "description is null");
        }
    }
}
