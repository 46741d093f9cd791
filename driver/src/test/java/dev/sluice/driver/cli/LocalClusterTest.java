package dev.sluice.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.driver.testing.ChildJvm;
import dev.sluice.driver.testing.Jobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local-cluster[2]}: executor processes on loopback, started and stopped by the driver. */
@Tag("slow")
class LocalClusterTest {
    @TempDir
    Path directory;

    @Test
    void runsAJobOnExecutorProcessesAndStopsThemAtTheEnd() throws IOException {
        Path output = directory.resolve("out");
        Path job = Files.writeString(directory.resolve("job.sql"), Jobs.datagenToCsv(2000, 700, output));
        Jobs.Run run = Jobs.cli("sql", "-f", job.toString(), "--master", "local-cluster[2]", "--checkpoint",
                directory.resolve("checkpoint").toString(), "--trigger", "available-now");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(3, run.out().lines().count(), run.out());
        assertDistinctIds(output, 2000);
        assertTrue(ChildJvm.executorProcess("executor-1").isEmpty(), "executor processes are stopped");
        assertTrue(ChildJvm.executorProcess("executor-2").isEmpty(), "executor processes are stopped");
    }

    @Test
    void losingAnExecutorMidBatchStopsTheQueryNamingItAndARestartCompletesTheBatchOnce() throws Exception {
        Path output = directory.resolve("out");
        Path checkpoint = directory.resolve("checkpoint");
        Path job = Files.writeString(directory.resolve("job.sql"), Jobs.datagenToCsv(600_000, 600_000, output));
        CompletableFuture<Jobs.Run> running = CompletableFuture.supplyAsync(() -> Jobs.cli("sql", "-f",
                job.toString(), "--master", "local-cluster[2]", "--checkpoint", checkpoint.toString(), "--trigger",
                "available-now"));
        Path offsets = checkpoint.resolve("offsets/0");
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.exists(offsets) && System.currentTimeMillis() < deadline && !running.isDone()) {
            Thread.sleep(5);
        }
        assertTrue(Files.exists(offsets), "batch 0 started");
        Optional<ProcessHandle> executor = ChildJvm.executorProcess("executor-2");
        assertTrue(executor.isPresent(), "executor-2 is a child process");
        Runtime.getRuntime().exec(new String[] {"kill", "-9", Long.toString(executor.get().pid())}).waitFor();

        Jobs.Run failed = running.get(60, TimeUnit.SECONDS);
        assertEquals(1, failed.exitCode(), failed.out() + failed.err());
        assertTrue(failed.err().startsWith("sluice: executor executor-2 (127.0.0.1:"), failed.err());
        assertTrue(failed.err().contains(") was lost while running task 1 of batch 0"), failed.err());
        assertEquals(1, failed.err().lines().count(), failed.err());
        assertEquals(List.of(), Jobs.visibleLines(output), "nothing of the failed batch is visible");
        assertFalse(Files.exists(checkpoint.resolve("commits/0")));

        Jobs.Run restart = Jobs.cli("sql", "-f", job.toString(), "--master", "local[2]", "--checkpoint",
                checkpoint.toString(), "--trigger", "available-now");
        assertEquals(0, restart.exitCode(), restart.err());
        assertTrue(restart.out().startsWith("batch 0: 600000 rows"), restart.out());
        assertDistinctIds(output, 600_000);
    }

    @Test
    void sigtermStopsARunningQueryCleanlyWithExitCodeZero() throws Exception {
        Path checkpoint = directory.resolve("checkpoint");
        Path job = Files.writeString(directory.resolve("job.sql"), """
                CREATE TABLE ticks (id BIGINT, name VARCHAR) WITH (
                  'connector' = 'datagen', 'rows-per-second' = '2000');
                CREATE TABLE copied (id BIGINT, name VARCHAR) WITH (
                  'connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO copied SELECT * FROM ticks;
                """.formatted(directory.resolve("out")));
        Path log = directory.resolve("driver.log");
        Process driver = ChildJvm.sluice(log, "sql", "-f", job.toString(), "--master", "local-cluster[1]",
                "--checkpoint", checkpoint.toString(), "--trigger", "processing-time=100ms");
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.exists(checkpoint.resolve("commits/2")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(checkpoint.resolve("commits/2")), Files.readString(log));
        driver.destroy(); // SIGTERM
        assertTrue(driver.waitFor(30, TimeUnit.SECONDS), "the driver stops");
        assertEquals(0, driver.exitValue(), Files.readString(log));
        String[] offsets = checkpoint.resolve("offsets").toFile().list((dir, name) -> !name.startsWith("."));
        String[] commits = checkpoint.resolve("commits").toFile().list((dir, name) -> !name.startsWith("."));
        assertEquals(offsets.length, commits.length, "the batch in flight finished: " + Files.readString(log));
        Thread.sleep(500);
        assertTrue(ChildJvm.executorProcess("executor-1").isEmpty(), "the executor process stopped");
    }

    private static void assertDistinctIds(Path output, int count) throws IOException {
        List<String> lines = Jobs.visibleLines(output);
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            ids.add(line.substring(0, line.indexOf(',')));
        }
        assertEquals(count, lines.size());
        assertEquals(count, ids.size());
    }
}
