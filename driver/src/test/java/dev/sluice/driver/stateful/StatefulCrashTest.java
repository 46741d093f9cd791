package dev.sluice.driver.stateful;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.driver.stateful.WindowedAggregationJobTest.Row;
import dev.sluice.driver.testing.Jobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly once for a windowed aggregation under crashes: a driver on {@code local-cluster[2]} aggregates a growing
 * CSV directory into tumbling windows while the test kills, with SIGKILL and at random moments, the driver or one
 * of its executor processes; each time the query is restarted. Then the query runs on {@code local-cluster[3]}
 * for one batch and on {@code local[1]} until drained. The output must be exactly the windows a fault-free run
 * emits (computed here): no window missing, none written twice, no count off.
 *
 * <p>The input has no late rows (each file moves time forward by more than its disorder, which is below the
 * delay), so the result does not depend on how the crashes split the input into batches.
 */
@Tag("slow")
class StatefulCrashTest {
    private static final int FILES = 14;
    private static final int ROWS_PER_FILE = 60;
    private static final int KILLS = 3;

    @TempDir
    Path directory;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 17})
    void killingTheDriverOrAnExecutorNeitherLosesNorDuplicatesWindows(long seed) throws Exception {
        System.out.println("StatefulCrashTest seed " + seed);
        Random random = new Random(seed);
        Path input = Files.createDirectories(directory.resolve("in"));
        Path output = directory.resolve("out");
        Path checkpoint = directory.resolve("checkpoint");
        Path job = Files.writeString(directory.resolve("job.sql"), WindowedAggregationJobTest.job(input, output,
                "TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' SECOND)"));
        List<Row> written = Collections.synchronizedList(new ArrayList<>());
        Thread writer = new Thread(() -> writeInput(input, written, new Random(seed * 31)), "input-writer");
        writer.start();

        for (int kill = 0; kill < KILLS; kill++) {
            Path log = directory.resolve("driver-" + kill + ".log");
            Process driver = Jobs.startDriverAndAwaitABatch(log, job, checkpoint);
            Thread.sleep(random.nextInt(300));
            List<ProcessHandle> executors = driver.toHandle().children().toList();
            if (random.nextBoolean() && !executors.isEmpty()) {
                ProcessHandle executor = executors.get(random.nextInt(executors.size()));
                executor.destroyForcibly();
                System.out.println("  killed executor process " + executor.pid());
                driver.waitFor(30, TimeUnit.SECONDS); // the query fails: its executor is gone
            }
            driver.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
            driver.waitFor(30, TimeUnit.SECONDS);
            System.out.println("  killed the driver after " + Jobs.batchesLogged(checkpoint) + " logged batch(es)");
        }
        writer.join();

        Jobs.Run once = Jobs.cli("sql", "-f", job.toString(), "--master", "local-cluster[3]", "--checkpoint",
                checkpoint.toString(), "--trigger", "once");
        assertEquals(0, once.exitCode(), once.err());
        Jobs.Run drain = Jobs.cli("sql", "-f", job.toString(), "--master", "local[1]", "--checkpoint",
                checkpoint.toString(), "--trigger", "available-now");
        assertEquals(0, drain.exitCode(), drain.err());

        assertEquals(FILES * ROWS_PER_FILE, written.size());
        List<List<Row>> oneBatch = List.of(new ArrayList<>(written));
        WindowedAggregationJobTest.Expected expected = WindowedAggregationJobTest.expected(oneBatch,
                WindowedAggregationJobTest.tumble(1_000));
        assertEquals(0, expected.lateRows());
        assertTrue(expected.lines().size() > 20, expected.lines().toString());
        assertEquals(expected.lines(), Jobs.visibleLines(output), "seed " + seed);
    }

    /** Adds files one by one, each made visible at once; time moves 1 s per file, disorder under 0.8 s. */
    private static void writeInput(Path input, List<Row> written, Random random) {
        try {
            long id = 0;
            for (int file = 0; file < FILES; file++) {
                StringBuilder text = new StringBuilder();
                List<Row> rows = new ArrayList<>();
                for (int row = 0; row < ROWS_PER_FILE; row++) {
                    Row next = new Row(id++, random.nextInt(5), WindowedAggregationJobTest.BASE + file * 1_000L
                            + 1_000 + random.nextInt(800));
                    rows.add(next);
                    text.append(next.id()).append(',').append(next.k()).append(',')
                            .append(WindowedAggregationJobTest.TIMESTAMP.format(Instant.ofEpochMilli(next.ts())))
                            .append('\n');
                }
                Path hidden = input.resolve(".part-" + file);
                Files.writeString(hidden, text, StandardCharsets.UTF_8);
                Files.move(hidden, input.resolve(String.format("part-%03d.csv", file)),
                        StandardCopyOption.ATOMIC_MOVE);
                written.addAll(rows);
                Thread.sleep(150 + random.nextInt(150));
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
