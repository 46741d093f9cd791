package dev.sluice.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.driver.testing.Jobs;
import dev.sluice.executor.server.ExecutorMain;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --master host:port}: the driver runs on executors that register with it, which stop when it is gone. */
class RegisteredExecutorsTest {
    @TempDir
    Path directory;

    @Test
    void runsOnAnExecutorThatRegisteredAndTheExecutorStopsWhenHeartbeatsStop() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path output = directory.resolve("out");
        Path job = Files.writeString(directory.resolve("job.sql"), Jobs.datagenToCsv(500, 200, output));
        String driver = "127.0.0.1:" + port;
        CompletableFuture<Jobs.Run> query = CompletableFuture.supplyAsync(() -> Jobs.cli("sql", "-f", job.toString(),
                "--master", driver, "--trigger", "available-now"));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        CompletableFuture<Integer> executor = CompletableFuture.supplyAsync(() -> registerWhenListening(driver,
                quiet));

        Jobs.Run run = query.get(60, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(500, Jobs.visibleLines(output).size());
        assertEquals(0, executor.get(30, TimeUnit.SECONDS), "the executor stops once heartbeats stop");
    }

    /** Starts an executor for {@code driver}, retrying until the driver listens. */
    private static int registerWhenListening(String driver, PrintStream err) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int code = ExecutorMain.run(new String[] {"--driver", driver, "--cores", "2", "--heartbeat-timeout",
                "2s", "--executor-id", "remote-1"}, err);
            if (code == 0) {
                return code;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return -1;
            }
        }
        return -1;
    }

}
