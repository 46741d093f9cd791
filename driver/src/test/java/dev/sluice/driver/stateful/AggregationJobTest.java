package dev.sluice.driver.stateful;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.driver.testing.Jobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session windows, cumulating windows over bounded input, and the output modes of a GROUP BY without a window, end
 * to end through {@code bin/sluice sql}; expected results computed here.
 */
class AggregationJobTest {
    static final long BASE = WindowedAggregationJobTest.BASE;

    @TempDir
    Path directory;

    private static String time(long epochMillis) {
        return WindowedAggregationJobTest.TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
    }

    @Test
    void sessionsPerKeyMergeAcrossBatches() throws IOException {
        Path input = Files.createDirectories(directory.resolve("in"));
        Path output = directory.resolve("out");
        // Key 0 has a row every 400 ms in every file: one session across all batches. Key 1 pauses for 3 s
        // after file 1: two sessions. Key 2 has a row only in files 0 and 4: two single-row sessions.
        List<long[]> rows = new ArrayList<>(); // {k, ts}
        int files = 6;
        for (int file = 0; file < files; file++) {
            StringBuilder text = new StringBuilder();
            List<long[]> fileRows = new ArrayList<>();
            for (int step = 0; step < 5; step++) {
                long ts = BASE + file * 2_000L + step * 400L;
                fileRows.add(new long[] {0, ts});
                if (file <= 1 || file >= 3) {
                    fileRows.add(new long[] {1, ts + 7});
                }
            }
            if (file == 0 || file == 4) {
                fileRows.add(new long[] {2, BASE + file * 2_000L + 11});
            }
            for (long[] row : fileRows) {
                text.append(row[0]).append(',').append(time(row[1])).append('\n');
            }
            rows.addAll(fileRows);
            Path path = input.resolve(String.format("part-%03d.csv", file));
            Files.writeString(path, text, StandardCharsets.UTF_8);
            Files.setLastModifiedTime(path, FileTime.fromMillis(1_700_000_000_000L + file * 1000L));
        }
        Path job = Files.writeString(directory.resolve("job.sql"), """
                CREATE TABLE events (k INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv', 'max-files-per-trigger' = '1');
                CREATE TABLE sessions (k INT, session_start TIMESTAMP(3), session_end TIMESTAMP(3), cnt BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO sessions
                SELECT k, window_start, window_end, COUNT(*)
                FROM TABLE(SESSION(TABLE events PARTITION BY k, DESCRIPTOR(ts), INTERVAL '1.5' SECOND))
                GROUP BY k, window_start, window_end;
                """.formatted(input, output));

        Jobs.Run run = Jobs.cli("sql", "-f", job.toString(), "--master", "local[2]", "--checkpoint",
                directory.resolve("checkpoint").toString(), "--trigger", "available-now");
        assertEquals(0, run.exitCode(), run.err() + run.out());

        // The reference: per key, rows in time order; a row within the gap of the session's last row extends it.
        long gap = 1_500;
        long watermark = rows.stream().mapToLong(row -> row[1]).max().orElseThrow() - 1_000;
        Map<Long, List<Long>> byKey = new TreeMap<>();
        for (long[] row : rows) {
            byKey.computeIfAbsent(row[0], unused -> new ArrayList<>()).add(row[1]);
        }
        List<String> expected = new ArrayList<>();
        for (Map.Entry<Long, List<Long>> key : byKey.entrySet()) {
            List<Long> times = key.getValue();
            times.sort(null);
            long start = times.get(0);
            long last = start;
            long count = 0;
            for (long ts : times) {
                if (ts > last + gap) {
                    addSession(expected, key.getKey(), start, last + gap, count, watermark);
                    start = ts;
                    count = 0;
                }
                last = ts;
                count++;
            }
            addSession(expected, key.getKey(), start, last + gap, count, watermark);
        }
        expected.sort(null);
        assertEquals(expected, Jobs.visibleLines(output));
        assertTrue(expected.stream().anyMatch(line -> line.startsWith("0,") && line.endsWith(",25"))
                || expected.stream().noneMatch(line -> line.startsWith("0,")),
                "key 0's one session spans all batches: " + expected);
    }

    private static void addSession(List<String> expected, long key, long start, long end, long count,
            long watermark) {
        if (end <= watermark) {
            expected.add(key + "," + time(start) + "," + time(end) + "," + count);
        }
    }

    @Test
    void boundedInputClosesEveryWindowAtItsEnd() throws IOException {
        Path output = directory.resolve("out");
        Path job = Files.writeString(directory.resolve("job.sql"), """
                CREATE TABLE events (
                  i BIGINT,
                  ts AS TIMESTAMPADD(MILLISECOND, CAST(i * 37 AS INT), TIMESTAMP '2024-01-01 00:00:00'),
                  k AS CAST(MOD(i, 3) AS INT),
                  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
                ) WITH ('connector' = 'datagen', 'number-of-rows' = '1000', 'rows-per-batch' = '300');
                CREATE TABLE results (window_start TIMESTAMP(3), window_end TIMESTAMP(3), k INT, cnt BIGINT,
                  biggest BIGINT, mean BIGINT)
                  WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO results
                SELECT window_start, window_end, k, COUNT(*), MAX(i), AVG(i)
                FROM TABLE(CUMULATE(TABLE events, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '6' SECOND))
                GROUP BY window_start, window_end, k;
                """.formatted(output));

        Jobs.Run run = Jobs.cli("sql", "-f", job.toString(), "--master", "local[2]", "--checkpoint",
                directory.resolve("checkpoint").toString(), "--trigger", "available-now");
        assertEquals(0, run.exitCode(), run.err() + run.out());

        Map<String, long[]> groups = new TreeMap<>();
        for (long i = 0; i < 1000; i++) {
            long ts = BASE + i * 37;
            long windowStart = Math.floorDiv(ts - BASE, 6_000) * 6_000 + BASE;
            for (long end = windowStart + 2_000; end <= windowStart + 6_000; end += 2_000) {
                if (ts < end) {
                    String key = time(windowStart) + "," + time(end) + "," + (i % 3);
                    long[] aggregate = groups.computeIfAbsent(key, unused -> new long[3]);
                    aggregate[0]++;
                    aggregate[1] = Math.max(aggregate[1], i);
                    aggregate[2] += i;
                }
            }
        }
        List<String> expected = new ArrayList<>();
        groups.forEach((key, aggregate) -> expected.add(key + "," + aggregate[0] + "," + aggregate[1] + ","
                + aggregate[2] / aggregate[0]));
        expected.sort(null);
        assertEquals(expected, Jobs.visibleLines(output));
    }

    private static String groupByJob(String mode) {
        return """
                SET 'output-mode' = '%s';
                CREATE TABLE numbers (i BIGINT, k AS CAST(MOD(i, 4) AS INT))
                  WITH ('connector' = 'datagen', 'number-of-rows' = '100', 'rows-per-batch' = '40');
                CREATE TABLE counts (k INT, cnt BIGINT, total BIGINT) WITH ('connector' = 'print');
                INSERT INTO counts SELECT k, COUNT(*), SUM(i) FROM numbers GROUP BY k;
                """.formatted(mode);
    }

    /**
     * Runs the CLI with the print sink's output captured: the sink writes to the process's standard output (from
     * the executors), the progress lines go to the CLI's stream; both end up in one text, in order.
     */
    private static Jobs.Run runPrinting(String... arguments) {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream capture = new java.io.PrintStream(captured, true, StandardCharsets.UTF_8);
        Jobs.Run run;
        System.setOut(capture);
        try {
            run = Jobs.cli(arguments, capture);
        } finally {
            System.setOut(original);
        }
        return new Jobs.Run(run.exitCode(), captured.toString(StandardCharsets.UTF_8), run.err());
    }

    /** The +I[...] rows the print sink wrote, per batch (split at the progress lines). */
    private static List<List<String>> printedBatches(String out) {
        List<List<String>> batches = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : out.lines().toList()) {
            if (line.startsWith("+I[")) {
                current.add(line);
            } else if (line.startsWith("batch ")) {
                current.sort(null);
                batches.add(current);
                current = new ArrayList<>();
            }
        }
        return batches;
    }

    @Test
    void updateModeEmitsTheGroupsEachBatchChanged() throws IOException {
        Path job = Files.writeString(directory.resolve("job.sql"), groupByJob("update"));
        Jobs.Run run = runPrinting("sql", "-f", job.toString(), "--master", "local[2]", "--trigger",
                "available-now");
        assertEquals(0, run.exitCode(), run.err() + run.out());

        List<List<String>> batches = printedBatches(run.out());
        assertEquals(3, batches.size(), run.out());
        // Batch by batch, the running count and sum of every key the batch touched (all four each time).
        long[] rowsUpTo = {40, 80, 100};
        for (int batch = 0; batch < 3; batch++) {
            assertEquals(expectedGroups(rowsUpTo[batch]), batches.get(batch), run.out());
        }
    }

    @Test
    void completeModeEmitsTheWholeResultEveryBatch() throws IOException {
        Path job = Files.writeString(directory.resolve("job.sql"), groupByJob("complete"));
        Jobs.Run run = runPrinting("sql", "-f", job.toString(), "--master", "local[2]", "--trigger",
                "available-now");
        assertEquals(0, run.exitCode(), run.err() + run.out());

        List<List<String>> batches = printedBatches(run.out());
        assertEquals(List.of(expectedGroups(40), expectedGroups(80), expectedGroups(100)), batches, run.out());
    }

    private static List<String> expectedGroups(long rows) {
        Map<Integer, long[]> groups = new HashMap<>();
        for (long i = 0; i < rows; i++) {
            long[] aggregate = groups.computeIfAbsent((int) (i % 4), unused -> new long[2]);
            aggregate[0]++;
            aggregate[1] += i;
        }
        List<String> lines = new ArrayList<>();
        groups.forEach((k, aggregate) -> lines.add(String.format(Locale.ROOT, "+I[%d, %d, %d]", k, aggregate[0],
                aggregate[1])));
        lines.sort(null);
        return lines;
    }

    @Test
    void appendModeWithoutAWatermarkIsRefusedBeforeAnythingRuns() throws IOException {
        Path job = Files.writeString(directory.resolve("job.sql"), groupByJob("append"));
        Jobs.Run run = Jobs.cli("sql", "-f", job.toString(), "--master", "local[1]", "--trigger", "available-now");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().toLowerCase(Locale.ROOT).contains("watermark"), run.err());
        assertTrue(run.err().contains("job.sql:"), run.err());
    }
}
