package dev.sluice.driver.stateful;

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
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windowed aggregations end to end through {@code bin/sluice sql} on {@code local[2]}: CSV files in, one file per
 * batch, CSV out. The expected output is computed here, row by row, by a reference that follows the documented
 * rules (watermark = max event time read so far - delay, fixed per batch; a row is late iff ts < watermark; a
 * window is emitted when the watermark reaches its end), not by the engine.
 */
class WindowedAggregationJobTest {
    static final long BASE = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    static final long DELAY = 2_000;

    @TempDir
    Path directory;

    /** One input row. */
    record Row(long id, int k, long ts) {}

    /** Files of rows whose times move forward by 3 s per file with up to 6 s of disorder: some rows are late. */
    static List<List<Row>> writeInput(Path input, int files, int rowsPerFile, long seed) throws IOException {
        Files.createDirectories(input);
        Random random = new Random(seed);
        List<List<Row>> all = new ArrayList<>();
        long id = 0;
        for (int file = 0; file < files; file++) {
            List<Row> rows = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int row = 0; row < rowsPerFile; row++) {
                Row next = new Row(id++, random.nextInt(4), BASE + file * 3_000L + random.nextInt(6_000));
                rows.add(next);
                text.append(next.id()).append(',').append(next.k()).append(',')
                        .append(TIMESTAMP.format(Instant.ofEpochMilli(next.ts()))).append('\n');
            }
            Path path = input.resolve(String.format("part-%03d.csv", file));
            Files.writeString(path, text, StandardCharsets.UTF_8);
            // Strictly increasing modification times: one file per batch, in this order.
            Files.setLastModifiedTime(path, FileTime.fromMillis(1_700_000_000_000L + file * 1000L));
            all.add(rows);
        }
        return all;
    }

    static String job(Path input, Path output, String window) {
        return """
                CREATE TABLE events (id BIGINT, k INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv', 'max-files-per-trigger' = '1');
                CREATE TABLE results (window_start TIMESTAMP(3), window_end TIMESTAMP(3), k INT, cnt BIGINT,
                  total BIGINT, smallest BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO results
                SELECT window_start, window_end, k, COUNT(*), SUM(id), MIN(id)
                FROM TABLE(%s)
                GROUP BY window_start, window_end, k;
                """.formatted(input, output, window);
    }

    /** The windows [start, end) a row at {@code ts} belongs to. */
    interface Assigner {
        List<long[]> windows(long ts);
    }

    static Assigner tumble(long size) {
        return ts -> List.of(new long[] {Math.floorDiv(ts, size) * size, Math.floorDiv(ts, size) * size + size});
    }

    static Assigner hop(long slide, long size) {
        return ts -> {
            List<long[]> windows = new ArrayList<>();
            long lastStart = Math.floorDiv(ts, slide) * slide;
            for (long start = lastStart; start > ts - size; start -= slide) {
                windows.add(new long[] {start, start + size});
            }
            return windows;
        };
    }

    /** The reference: batch by batch, with late rows dropped and counted. Returns sorted CSV lines. */
    static Expected expected(List<List<Row>> batches, Assigner assigner) {
        Map<String, long[]> groups = new TreeMap<>();
        long watermark = Long.MIN_VALUE;
        long lastBatchWatermark = Long.MIN_VALUE;
        long maxSeen = Long.MIN_VALUE;
        long late = 0;
        for (List<Row> batch : batches) {
            lastBatchWatermark = watermark;
            for (Row row : batch) {
                if (row.ts() < watermark) {
                    late++;
                    continue;
                }
                for (long[] window : assigner.windows(row.ts())) {
                    String key = TIMESTAMP.format(Instant.ofEpochMilli(window[0])) + ","
                            + TIMESTAMP.format(Instant.ofEpochMilli(window[1])) + "," + row.k();
                    long[] aggregate = groups.computeIfAbsent(key, unused -> new long[] {window[1], 0, 0,
                            Long.MAX_VALUE});
                    aggregate[1]++;
                    aggregate[2] += row.id();
                    aggregate[3] = Math.min(aggregate[3], row.id());
                }
            }
            for (Row row : batch) {
                maxSeen = Math.max(maxSeen, row.ts());
            }
            watermark = Math.max(watermark, maxSeen - DELAY);
        }
        List<String> lines = new ArrayList<>();
        long closedAfterLastBatch = 0;
        for (Map.Entry<String, long[]> group : groups.entrySet()) {
            long[] aggregate = group.getValue();
            if (aggregate[0] <= watermark) {
                lines.add(group.getKey() + "," + aggregate[1] + "," + aggregate[2] + "," + aggregate[3]);
                if (aggregate[0] > lastBatchWatermark) {
                    closedAfterLastBatch++;
                }
            }
        }
        lines.sort(null);
        return new Expected(lines, late, watermark, closedAfterLastBatch);
    }

    /**
     * @param closedAfterLastBatch the windows that only the watermark after the last batch closes: what the
     *     no-data batch emits
     */
    record Expected(List<String> lines, long lateRows, long finalWatermark, long closedAfterLastBatch) {}

    @Test
    void tumblingWindowsMatchTheReferenceAndTheLastCloseInANoDataBatch() throws IOException {
        Path input = directory.resolve("in");
        Path output = directory.resolve("out");
        Path checkpoint = directory.resolve("checkpoint");
        List<List<Row>> batches = writeInput(input, 8, 200, 7);
        Path job = Files.writeString(directory.resolve("job.sql"), job(input, output,
                "TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '4' SECOND)"));

        Jobs.Run run = Jobs.cli("sql", "-f", job.toString(), "--master", "local[2]", "--checkpoint",
                checkpoint.toString(), "--trigger", "available-now");

        assertEquals(0, run.exitCode(), run.err() + run.out());
        Expected expected = expected(batches, tumble(4_000));
        assertTrue(expected.lateRows() > 0, "the input must have late rows for this test to mean anything");
        assertEquals(expected.lines(), Jobs.visibleLines(output));
        List<JsonNode> progress = progress(checkpoint);
        // 8 data batches, then the no-data batch that the last watermark made due.
        assertEquals(9, progress.size(), run.out());
        JsonNode last = progress.get(8);
        assertEquals(0, last.get("numInputRows").asLong());
        assertTrue(expected.closedAfterLastBatch() > 0, "the data must leave windows for the no-data batch");
        assertEquals(expected.closedAfterLastBatch(), last.get("sink").get("numOutputRows").asLong(),
                "the no-data batch closes the windows the last watermark made due: " + last);
        long dropped = 0;
        for (JsonNode batch : progress) {
            JsonNode operator = batch.get("stateOperators").get(0);
            assertEquals("aggregate-0", operator.get("operatorName").asText());
            dropped += operator.get("numRowsDroppedByWatermark").asLong();
        }
        assertEquals(expected.lateRows(), dropped);
        assertEquals(TIMESTAMP.format(Instant.ofEpochMilli(expected.finalWatermark())).replace(' ', 'T') + "Z",
                last.get("eventTime").get("watermark").asText());
    }

    @Test
    void lateRowsGoToTheLateRowsTableInsteadOfBeingOnlyCounted() throws IOException {
        Path input = directory.resolve("in");
        Path output = directory.resolve("out");
        Path lateOutput = directory.resolve("late");
        Path checkpoint = directory.resolve("checkpoint");
        List<List<Row>> batches = writeInput(input, 6, 200, 23);
        String sql = "SET 'late-rows.table' = 'late_events';\n"
                + "CREATE TABLE late_events (id BIGINT, k INT, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem',"
                + " 'path' = '" + lateOutput + "', 'format' = 'csv');\n"
                + job(input, output, "TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '4' SECOND)");
        Path job = Files.writeString(directory.resolve("job.sql"), sql);

        Jobs.Run run = Jobs.cli("sql", "-f", job.toString(), "--master", "local[2]", "--checkpoint",
                checkpoint.toString(), "--trigger", "available-now");

        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals(expected(batches, tumble(4_000)).lines(), Jobs.visibleLines(output));
        // The late rows, found by the reference's rule, batch by batch.
        List<String> late = new ArrayList<>();
        long watermark = Long.MIN_VALUE;
        long maxSeen = Long.MIN_VALUE;
        for (List<Row> batch : batches) {
            for (Row row : batch) {
                if (row.ts() < watermark) {
                    late.add(row.id() + "," + row.k() + "," + TIMESTAMP.format(Instant.ofEpochMilli(row.ts())));
                }
                maxSeen = Math.max(maxSeen, row.ts());
            }
            watermark = Math.max(watermark, maxSeen - DELAY);
        }
        late.sort(null);
        assertTrue(late.size() > 0);
        assertEquals(late, Jobs.visibleLines(lateOutput));
        long counted = 0;
        for (JsonNode batch : progress(checkpoint)) {
            counted += batch.get("stateOperators").get(0).get("numRowsDroppedByWatermark").asLong();
        }
        assertEquals(late.size(), counted);
    }

    @Test
    void aBadRecordInAScanTaskIsTheErrorReportedNotTheStateTasksWaitingForItsOutput() throws IOException {
        Path input = directory.resolve("in");
        Path output = directory.resolve("out");
        writeInput(input, 1, 50, 31);
        Path bad = input.resolve("part-001.csv");
        Files.writeString(bad, "1000,1,2024-01-01 00:00:09.000\n1001,one,2024-01-01 00:00:09.500\n",
                StandardCharsets.UTF_8);
        Path job = Files.writeString(directory.resolve("job.sql"), job(input, output,
                "TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '4' SECOND)"));

        Jobs.Run run = Jobs.cli("sql", "-f", job.toString(), "--master", "local[2]", "--checkpoint",
                directory.resolve("checkpoint").toString(), "--trigger", "available-now");

        // the state tasks of that batch were sent with its scan task and fail as well, waiting for its output;
        // the scan task's own failure, naming the record, is the one to report
        assertEquals(1, run.exitCode(), run.err() + run.out());
        assertTrue(run.err().contains(bad + ":2:"), run.err());
        assertFalse(run.err().contains("map task"), run.err());
    }

    @Test
    void hoppingWindowsMatchTheReference() throws IOException {
        Path input = directory.resolve("in");
        Path output = directory.resolve("out");
        List<List<Row>> batches = writeInput(input, 6, 150, 11);
        Path job = Files.writeString(directory.resolve("job.sql"), job(input, output,
                "HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '6' SECOND)"));

        Jobs.Run run = Jobs.cli("sql", "-f", job.toString(), "--master", "local[2]", "--checkpoint",
                directory.resolve("checkpoint").toString(), "--trigger", "available-now");

        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals(expected(batches, hop(2_000, 6_000)).lines(), Jobs.visibleLines(output));
    }

    @Test
    void restartsOnOtherClusterSizesRepartitionTheStateAndKeepTheResults() throws IOException {
        Path input = directory.resolve("in");
        Path output = directory.resolve("out");
        Path checkpoint = directory.resolve("checkpoint");
        List<List<Row>> batches = writeInput(directory.resolve("all"), 8, 150, 13);
        Files.createDirectories(input);
        Path job = Files.writeString(directory.resolve("job.sql"), job(input, output,
                "TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND)"));
        // Three runs on three cluster sizes, each with new executors (new local RocksDB directories): the state
        // of windows open across runs comes back from the checkpoint's changelogs.
        String[] masters = {"local[2]", "local[3]", "local[1]"};
        int[] filesUpTo = {3, 6, 8};
        int moved = 0;
        for (int run = 0; run < masters.length; run++) {
            for (; moved < filesUpTo[run]; moved++) {
                String name = String.format("part-%03d.csv", moved);
                Path target = input.resolve(name);
                Files.copy(directory.resolve("all").resolve(name), target);
                Files.setLastModifiedTime(target, FileTime.fromMillis(1_700_000_000_000L + moved * 1000L));
            }
            Jobs.Run result = Jobs.cli("sql", "-f", job.toString(), "--master", masters[run], "--checkpoint",
                    checkpoint.toString(), "--trigger", "available-now");
            assertEquals(0, result.exitCode(), masters[run] + ": " + result.err() + result.out());
        }

        assertEquals(expected(batches, tumble(5_000)).lines(), Jobs.visibleLines(output));
        // Each run split the key groups into as many state partitions as it had executors.
        for (String layout : List.of("aggregate-0.of-2", "aggregate-0.of-3", "aggregate-0.of-1")) {
            assertTrue(Files.isDirectory(checkpoint.resolve("state").resolve(layout)), layout);
        }
        List<Long> partitions = new ArrayList<>();
        for (JsonNode batch : progress(checkpoint)) {
            partitions.add(batch.get("stateOperators").get(0).get("numShufflePartitions").asLong());
        }
        assertEquals(2L, partitions.get(0));
        assertEquals(1L, partitions.get(partitions.size() - 1));
        assertTrue(partitions.contains(3L), partitions.toString());
    }

    static List<JsonNode> progress(Path checkpoint) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try (Stream<Path> files = Files.list(checkpoint.resolve("progress"))) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    records.add(mapper.readTree(line));
                }
            }
        }
        return records;
    }
}
