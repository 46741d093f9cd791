package dev.sluice.driver.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressLogTest {
    @TempDir
    Path checkpoint;

    @Test
    void writesSparksFieldNamesWithOffsetsAsJson() {
        String json = ProgressLog.toJson(progress(7));
        assertEquals("{\"id\":\"q\",\"runId\":\"r\",\"name\":\"job\",\"timestamp\":\"2026-01-01T00:00:00.000Z\","
                + "\"batchId\":7,\"numInputRows\":10,\"inputRowsPerSecond\":5.0,\"processedRowsPerSecond\":20.0,"
                + "\"durationMs\":{\"addBatch\":3,\"triggerExecution\":5},\"stateOperators\":[],\"sources\":[{\"description\":\"datagen[t]\","
                + "\"startOffset\":{\"rows\":0},\"endOffset\":{\"rows\":10},\"latestOffset\":{\"rows\":10},"
                + "\"numInputRows\":10,\"inputRowsPerSecond\":5.0,\"processedRowsPerSecond\":20.0}],"
                + "\"sink\":{\"description\":\"blackhole[s]\",\"numOutputRows\":10}}", json);
    }

    @Test
    void writesEventTimeAndStateOperatorsWithSparksFieldNames() {
        QueryProgress plain = progress(3);
        QueryProgress stateful = new QueryProgress(plain.id(), plain.runId(), plain.name(), plain.timestamp(), 3, 10,
                5.0, 20.0, plain.durationMs(),
                Map.of("watermark", "2023-11-14T22:13:15.000Z", "min", "2023-11-14T22:13:20.000Z",
                        "max", "2023-11-14T22:13:21.000Z", "avg", "2023-11-14T22:13:20.500Z"),
                List.of(new QueryProgress.StateOperatorProgress("aggregate-0", 20, 4, 2, 1, 3, 5, 1024, 2,
                        Map.of("bytesOnDisk", 4096L))),
                plain.sources(), plain.sink());
        String json = ProgressLog.toJson(stateful);
        assertTrue(json.contains("\"eventTime\":{\"avg\":\"2023-11-14T22:13:20.500Z\",\"max\":"
                + "\"2023-11-14T22:13:21.000Z\",\"min\":\"2023-11-14T22:13:20.000Z\",\"watermark\":"
                + "\"2023-11-14T22:13:15.000Z\"}"), json);
        assertTrue(json.contains("\"stateOperators\":[{\"operatorName\":\"aggregate-0\",\"numRowsTotal\":20,"
                + "\"numRowsUpdated\":4,\"numRowsRemoved\":2,\"numRowsDroppedByWatermark\":1,"
                + "\"allUpdatesTimeMs\":3,\"commitTimeMs\":5,\"memoryUsedBytes\":1024,"
                + "\"numShufflePartitions\":2,\"customMetrics\":{\"bytesOnDisk\":4096}}]"), json);
    }

    @Test
    void rollsFilesAndKeepsTheNewest() throws IOException {
        ProgressLog log = new ProgressLog(checkpoint);
        for (int file = 0; file < ProgressLog.FILES_KEPT + 2; file++) {
            log.append(progress((long) file * ProgressLog.BATCHES_PER_FILE));
            log.append(progress((long) file * ProgressLog.BATCHES_PER_FILE + 1));
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(log.directory())) {
            files = listing.sorted().toList();
        }
        assertEquals(ProgressLog.FILES_KEPT, files.size());
        assertEquals("progress-00000000000000002000.jsonl", files.get(0).getFileName().toString());
        assertEquals(2, Files.readAllLines(files.get(0)).size());
    }

    private static QueryProgress progress(long batchId) {
        return new QueryProgress("q", "r", "job", "2026-01-01T00:00:00.000Z", batchId, 10, 5.0, 20.0,
                Map.of("addBatch", 3L, "triggerExecution", 5L), Map.of(), List.of(),
                List.of(new QueryProgress.SourceProgress("datagen[t]", "{\"rows\":0}", "{\"rows\":10}",
                        "{\"rows\":10}", 10, 5.0, 20.0)),
                new QueryProgress.SinkProgress("blackhole[s]", 10));
    }
}
