package dev.sluice.driver.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code <checkpoint>/progress/}: one JSON line per batch. Files roll every {@link #BATCHES_PER_FILE} batches
 * ({@code progress-<first batch id>.jsonl}) and only the newest {@link #FILES_KEPT} are kept, so a long-running
 * query's progress stays bounded. Progress is for people and tools, not for recovery: a replayed batch appends
 * its line again.
 */
public final class ProgressLog {
    public static final String DIRECTORY = "progress";
    public static final int BATCHES_PER_FILE = 1000;
    public static final int FILES_KEPT = 5;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path directory;

    /** A log under {@code checkpointDirectory}. */
    public ProgressLog(Path checkpointDirectory) {
        this.directory = checkpointDirectory.resolve(DIRECTORY);
    }

    public Path directory() {
        return directory;
    }

    /** Appends {@code progress} as one line. */
    public void append(QueryProgress progress) {
        try {
            Files.createDirectories(directory);
            long first = progress.batchId() / BATCHES_PER_FILE * BATCHES_PER_FILE;
            Path file = directory.resolve(String.format("progress-%020d.jsonl", first));
            boolean newFile = !Files.exists(file);
            Files.writeString(file, toJson(progress) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (newFile) {
                removeOldFiles();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write progress to " + directory + ": " + e.getMessage(), e);
        }
    }

    private void removeOldFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(file -> file.getFileName().toString().startsWith("progress-")).sorted().toList();
        }
        for (int index = 0; index < files.size() - FILES_KEPT; index++) {
            Files.deleteIfExists(files.get(index));
        }
    }

    /** The progress record as one line of JSON, with Spark's field names. */
    public static String toJson(QueryProgress progress) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", progress.id());
        root.put("runId", progress.runId());
        root.put("name", progress.name());
        root.put("timestamp", progress.timestamp());
        root.put("batchId", progress.batchId());
        root.put("numInputRows", progress.numInputRows());
        root.put("inputRowsPerSecond", progress.inputRowsPerSecond());
        root.put("processedRowsPerSecond", progress.processedRowsPerSecond());
        ObjectNode durations = root.putObject("durationMs");
        for (Map.Entry<String, Long> duration : new TreeMap<>(progress.durationMs()).entrySet()) {
            durations.put(duration.getKey(), duration.getValue());
        }
        if (!progress.eventTime().isEmpty()) {
            ObjectNode eventTime = root.putObject("eventTime");
            for (Map.Entry<String, String> entry : new TreeMap<>(progress.eventTime()).entrySet()) {
                eventTime.put(entry.getKey(), entry.getValue());
            }
        }
        ArrayNode stateOperators = root.putArray("stateOperators");
        for (QueryProgress.StateOperatorProgress operator : progress.stateOperators()) {
            ObjectNode node = stateOperators.addObject();
            node.put("operatorName", operator.operatorName());
            node.put("numRowsTotal", operator.numRowsTotal());
            node.put("numRowsUpdated", operator.numRowsUpdated());
            node.put("numRowsRemoved", operator.numRowsRemoved());
            node.put("numRowsDroppedByWatermark", operator.numRowsDroppedByWatermark());
            node.put("allUpdatesTimeMs", operator.allUpdatesTimeMs());
            node.put("commitTimeMs", operator.commitTimeMs());
            node.put("memoryUsedBytes", operator.memoryUsedBytes());
            node.put("numShufflePartitions", operator.numShufflePartitions());
            ObjectNode custom = node.putObject("customMetrics");
            for (Map.Entry<String, Long> metric : new TreeMap<>(operator.customMetrics()).entrySet()) {
                custom.put(metric.getKey(), metric.getValue());
            }
        }
        ArrayNode sources = root.putArray("sources");
        for (QueryProgress.SourceProgress source : progress.sources()) {
            ObjectNode node = sources.addObject();
            node.put("description", source.description());
            node.set("startOffset", json(source.startOffset()));
            node.set("endOffset", json(source.endOffset()));
            node.set("latestOffset", json(source.latestOffset()));
            node.put("numInputRows", source.numInputRows());
            node.put("inputRowsPerSecond", source.inputRowsPerSecond());
            node.put("processedRowsPerSecond", source.processedRowsPerSecond());
        }
        ObjectNode sink = root.putObject("sink");
        sink.put("description", progress.sink().description());
        sink.put("numOutputRows", progress.sink().numOutputRows());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write progress of batch " + progress.batchId(), e);
        }
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return MAPPER.nullNode();
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(text); // a connector's offset that is not JSON stays readable
        }
    }
}
