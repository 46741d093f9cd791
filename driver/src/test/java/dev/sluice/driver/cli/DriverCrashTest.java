package dev.sluice.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.driver.testing.Jobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once under crashes: a driver process on {@code local-cluster[2]} filters and reshapes a growing CSV directory and is
 * killed with SIGKILL at random moments; restarts continue until the input is drained. The output must equal the
 * fault-free result (computed by the test from the input rows) as a multiset, with no row lost or written twice.
 */
@Tag("slow")
class DriverCrashTest {
    private static final int FILES = 16;
    private static final int ROWS_PER_FILE = 50;
    private static final int KILLS = 2;

    @TempDir
    Path directory;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42})
    void killingTheDriverAtRandomMomentsNeitherLosesNorDuplicatesRows(long seed) throws Exception {
        System.out.println("DriverCrashTest seed " + seed);
        Random random = new Random(seed);
        Path input = Files.createDirectories(directory.resolve("in"));
        Path output = directory.resolve("out");
        Path checkpoint = directory.resolve("checkpoint");
        // A filter and a projection, so that the operators run under the crashes too.
        Path job = Files.writeString(directory.resolve("job.sql"), Jobs.csvToCsv(input, output, 2).replace(
                "SELECT * FROM events", "SELECT id, UPPER(name) || '!' FROM events WHERE MOD(id, 3) <> 0"));
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        Thread writer = new Thread(() -> writeInput(input, written, new Random(seed * 31)), "input-writer");
        writer.start();

        for (int kill = 0; kill < KILLS; kill++) {
            Path log = directory.resolve("driver-" + kill + ".log");
            Process driver = Jobs.startDriverAndAwaitABatch(log, job, checkpoint);
            Thread.sleep(random.nextInt(300)); // somewhere in or after that batch
            driver.destroyForcibly(); // SIGKILL: no clean-up of any kind
            driver.waitFor(30, TimeUnit.SECONDS);
            System.out.println("  killed the driver after " + Jobs.batchesLogged(checkpoint) + " logged batch(es)");
        }
        writer.join();

        Jobs.Run drain = Jobs.cli("sql", "-f", job.toString(), "--master", "local[2]", "--checkpoint",
                checkpoint.toString(), "--trigger", "available-now");
        assertEquals(0, drain.exitCode(), drain.err());

        assertEquals(FILES * ROWS_PER_FILE, written.size());
        // What a fault-free run writes, computed here from the input rows.
        List<String> expected = new ArrayList<>();
        for (String line : written) {
            long id = Long.parseLong(line.substring(0, line.indexOf(',')));
            if (id % 3 != 0) {
                expected.add(id + "," + line.substring(line.indexOf(',') + 1).toUpperCase(java.util.Locale.ROOT) + "!");
            }
        }
        Collections.sort(expected);
        assertEquals(expected, Jobs.visibleLines(output), "seed " + seed);
    }

    /** Adds files one by one, each made visible at once (written under a hidden name, then moved). */
    private static void writeInput(Path input, List<String> written, Random random) {
        try {
            for (int file = 0; file < FILES; file++) {
                List<String> lines = new ArrayList<>();
                for (int row = 0; row < ROWS_PER_FILE; row++) {
                    lines.add((file * 1000 + row) + ",name-" + random.nextInt(1000));
                }
                Path hidden = input.resolve(".part-" + file);
                Files.write(hidden, lines, StandardCharsets.UTF_8);
                Files.move(hidden, input.resolve(String.format("part-%03d.csv", file)),
                        StandardCopyOption.ATOMIC_MOVE);
                written.addAll(lines);
                Thread.sleep(150 + random.nextInt(150));
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
