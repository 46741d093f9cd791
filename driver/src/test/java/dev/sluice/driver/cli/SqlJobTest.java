package dev.sluice.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.driver.testing.Jobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/sluice sql} end to end in this JVM, on {@code local[2]}: datagen into CSV files. */
class SqlJobTest {
    @TempDir
    Path directory;

    private Path writeJob(String sql) throws IOException {
        return Files.writeString(directory.resolve("job.sql"), sql, StandardCharsets.UTF_8);
    }

    @Test
    void availableNowRunsEveryBatchTheSourceHoldsThenStops() throws IOException {
        Path output = directory.resolve("out");
        Path checkpoint = directory.resolve("checkpoint");
        Path job = writeJob(Jobs.datagenToCsv(1000, 300, output));

        Jobs.Run run = Jobs.cli("sql", "-f", job.toString(), "--master", "local[2]", "--checkpoint",
                checkpoint.toString(), "--trigger", "available-now");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("batch 0: 300 rows", "batch 1: 300 rows", "batch 2: 300 rows", "batch 3: 100 rows"),
                run.out().lines().map(line -> line.substring(0, line.indexOf(" rows") + 5)).toList(), run.out());
        assertExactlyIds(output, 1000);
        assertEquals(List.of(), Jobs.hiddenFiles(output));
        assertTrue(Files.exists(checkpoint.resolve("commits/3")));
        assertFalse(Files.exists(checkpoint.resolve("offsets/4")));
    }

    @Test
    void writesOneProgressLinePerBatchWithSparksFieldNames() throws IOException {
        Path output = directory.resolve("out");
        Path checkpoint = directory.resolve("checkpoint");
        Path job = writeJob(Jobs.datagenToCsv(500, 250, output));
        assertEquals(0, Jobs.cli("sql", "-f", job.toString(), "--master", "local[2]", "--checkpoint",
                checkpoint.toString(), "--trigger", "available-now").exitCode());

        List<String> lines;
        try (Stream<Path> files = Files.list(checkpoint.resolve("progress"))) {
            List<Path> all = files.toList();
            assertEquals(1, all.size());
            lines = Files.readAllLines(all.get(0));
        }
        assertEquals(2, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        for (String field : List.of("id", "runId", "name", "timestamp", "batchId", "numInputRows",
                "inputRowsPerSecond", "processedRowsPerSecond", "durationMs", "sources", "sink")) {
            assertTrue(first.has(field), field + " in " + first);
        }
        for (String duration : List.of("addBatch", "getBatch", "latestOffset", "queryPlanning", "triggerExecution",
                "walCommit", "commitOffsets")) {
            assertTrue(first.get("durationMs").has(duration), duration + " in " + first);
        }
        assertEquals("job", first.get("name").asText());
        assertEquals(0, first.get("batchId").asLong());
        assertEquals(250, first.get("numInputRows").asLong());
        assertTrue(first.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        JsonNode source = first.get("sources").get(0);
        assertEquals("datagen[numbers]", source.get("description").asText());
        assertEquals(250, source.get("numInputRows").asLong());
        assertTrue(source.get("endOffset").isObject() || source.get("endOffset").isNumber(), source.toString());
        assertEquals("filesystem[copied]", first.get("sink").get("description").asText());
        assertEquals(250, first.get("sink").get("numOutputRows").asLong());
        assertEquals(1, new ObjectMapper().readTree(lines.get(1)).get("batchId").asLong());
    }

    @Test
    void onceRunsOneBatchAndARestartContinuesWhereItStopped() throws IOException {
        Path output = directory.resolve("out");
        Path checkpoint = directory.resolve("checkpoint");
        Path job = writeJob(Jobs.datagenToCsv(1000, 300, output));
        String[] once = {"sql", "-f", job.toString(), "--master", "local[2]", "--checkpoint", checkpoint.toString(),
            "--trigger", "once"};

        Jobs.Run first = Jobs.cli(once);
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(1, first.out().lines().count(), first.out());
        assertExactlyIds(output, 300);

        Jobs.Run second = Jobs.cli(once);
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().startsWith("batch 1: 300 rows"), second.out());
        assertExactlyIds(output, 600);

        // Another trigger on the same checkpoint takes the rest.
        Jobs.Run rest = Jobs.cli("sql", "-f", job.toString(), "--master", "local[1]", "--checkpoint",
                checkpoint.toString(), "--trigger", "processing-time=10ms");
        assertEquals(0, rest.exitCode(), rest.err());
        assertExactlyIds(output, 1000);
    }

    @Test
    void processingTimeRunsUntilABoundedSourceEnds() throws IOException {
        Path output = directory.resolve("out");
        Path job = writeJob(Jobs.datagenToCsv(400, 100, output));
        long started = System.nanoTime();
        Jobs.Run run = Jobs.cli("sql", "-f", job.toString(), "--master", "local[2]", "--checkpoint",
                directory.resolve("checkpoint").toString(), "--trigger", "processing-time=200ms");
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(4, run.out().lines().count(), run.out());
        assertTrue(elapsedMillis >= 600, "4 batches 200 ms apart take at least 600 ms, took " + elapsedMillis);
        assertExactlyIds(output, 400);
    }

    @Test
    void replayingABatchWhoseCommitIsMissingWritesNoDuplicates() throws IOException {
        Path output = directory.resolve("out");
        Path checkpoint = directory.resolve("checkpoint");
        Path job = writeJob(Jobs.datagenToCsv(900, 300, output));
        String[] arguments = {"sql", "-f", job.toString(), "--master", "local[2]", "--checkpoint",
            checkpoint.toString(), "--trigger", "available-now"};
        assertEquals(0, Jobs.cli(arguments).exitCode());
        List<String> before = Jobs.visibleLines(output);

        Files.delete(checkpoint.resolve("commits/2")); // as if the driver died between sink commit and commits/2
        Jobs.Run replay = Jobs.cli(arguments);

        assertEquals(0, replay.exitCode(), replay.err());
        assertTrue(replay.out().startsWith("batch 2: 300 rows"), replay.out());
        assertTrue(Files.exists(checkpoint.resolve("commits/2")));
        assertEquals(before, Jobs.visibleLines(output));
        assertExactlyIds(output, 900);
    }

    @Test
    void aChangedQueryIsRefusedOnTheSameCheckpointWithWhatChanged() throws IOException {
        Path checkpoint = directory.resolve("checkpoint");
        Path job = writeJob(Jobs.datagenToCsv(1000, 300, directory.resolve("out")));
        assertEquals(0, Jobs.cli("sql", "-f", job.toString(), "--master", "local[1]", "--checkpoint",
                checkpoint.toString(), "--trigger", "once").exitCode());

        writeJob(Jobs.datagenToCsv(1000, 300, directory.resolve("elsewhere")));
        Jobs.Run changed = Jobs.cli("sql", "-f", job.toString(), "--master", "local[1]", "--checkpoint",
                checkpoint.toString(), "--trigger", "once");

        assertEquals(1, changed.exitCode());
        assertTrue(changed.err().startsWith("sluice: the query changed since this checkpoint was written ("
                + checkpoint.resolve("offsets/0")), changed.err());
        assertTrue(changed.err().contains("- sink: copied(id BIGINT, name VARCHAR) WITH ('connector' = 'filesystem',"
                + " 'format' = 'csv', 'path' = '" + directory.resolve("out") + "')"), changed.err());
        assertTrue(changed.err().contains("+ sink: copied(id BIGINT, name VARCHAR) WITH ('connector' = 'filesystem',"
                + " 'format' = 'csv', 'path' = '" + directory.resolve("elsewhere") + "')"), changed.err());
        assertFalse(Files.exists(checkpoint.resolve("offsets/1")));
    }

    @Test
    void withoutACheckpointATemporaryOneIsUsedAndDeleted() throws IOException {
        Path temporary = Files.createDirectories(directory.resolve("tmp"));
        String previous = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", temporary.toString());
        try {
            Path job = writeJob(Jobs.datagenToCsv(100, 100, directory.resolve("out")));
            Jobs.Run run = Jobs.cli("sql", "-f", job.toString(), "--master", "local[1]", "--trigger",
                    "available-now");
            assertEquals(0, run.exitCode(), run.err());
        } finally {
            System.setProperty("java.io.tmpdir", previous);
        }
        try (Stream<Path> left = Files.list(temporary)) {
            assertEquals(List.of(), left.toList());
        }
        assertExactlyIds(directory.resolve("out"), 100);
    }

    @Test
    void aBadRecordStopsTheQueryWithItsFileLineAndColumn() throws IOException {
        Path input = Files.createDirectories(directory.resolve("in"));
        Files.writeString(input.resolve("a.csv"), "1,one\n2,two\nthree,3\n", StandardCharsets.UTF_8);
        Path job = writeJob(Jobs.csvToCsv(input, directory.resolve("out"), 10));
        Jobs.Run run = Jobs.cli("sql", "-f", job.toString(), "--master", "local[1]", "--checkpoint",
                directory.resolve("checkpoint").toString(), "--trigger", "available-now");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("sluice: task 0 of batch 0 failed on executor executor-1 (in-process): "
                + input.resolve("a.csv") + ":3:1: column 'id'"), run.err());
        assertEquals(List.of(), Jobs.visibleLines(directory.resolve("out")));
    }

    private static void assertExactlyIds(Path output, int count) throws IOException {
        List<String> lines = Jobs.visibleLines(output);
        Set<Long> ids = new HashSet<>();
        for (String line : lines) {
            ids.add(Long.parseLong(line.substring(0, line.indexOf(','))));
        }
        assertEquals(count, lines.size(), "rows");
        assertEquals(count, ids.size(), "distinct ids");
    }
}
