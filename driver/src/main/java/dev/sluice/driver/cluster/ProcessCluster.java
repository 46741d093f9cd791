package dev.sluice.driver.cluster;

import dev.sluice.executor.rpc.proto.RegisterExecutorRequest;
import dev.sluice.executor.server.ExecutorMain;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code local-cluster[N]}: N executor processes on loopback, started with this JVM's java and class path. Each
 * registers with the driver's endpoint; each stops when the driver closes the cluster, when its standard input
 * (held by this process) closes because the driver died, or when heartbeats stop.
 */
final class ProcessCluster implements Cluster {
    private static final long REGISTRATION_TIMEOUT_MILLIS = 60_000;

    private final DriverEndpoint endpoint;
    private final List<Process> processes;
    private final List<ExecutorHandle> executors;
    private final HeartbeatSender heartbeats;
    private final Path logDirectory;
    private final Thread killAtExit;

    private ProcessCluster(DriverEndpoint endpoint, List<Process> processes, List<ExecutorHandle> executors,
            Path logDirectory) {
        this.endpoint = endpoint;
        this.processes = List.copyOf(processes);
        this.executors = List.copyOf(executors);
        this.logDirectory = logDirectory;
        this.heartbeats = new HeartbeatSender(endpoint.driverId(), this.executors);
        // A driver that exits without closing the cluster (an uncaught error) must not leave executors behind.
        this.killAtExit = new Thread(() -> this.processes.forEach(Process::destroyForcibly), "stop-executors");
        Runtime.getRuntime().addShutdownHook(killAtExit);
    }

    static ProcessCluster start(int count) throws IOException {
        DriverEndpoint endpoint = new DriverEndpoint("127.0.0.1", 0);
        Path logDirectory = Files.createTempDirectory("sluice-executors-");
        List<Process> processes = new ArrayList<>();
        try {
            for (int index = 1; index <= count; index++) {
                processes.add(launch("executor-" + index, endpoint.port(), logDirectory));
            }
            List<RegisterExecutorRequest> registered = awaitRegistrations(endpoint, processes, count, logDirectory);
            List<ExecutorHandle> executors = new ArrayList<>();
            for (RegisterExecutorRequest registration : registered) {
                executors.add(handle(registration));
            }
            executors.sort(Comparator.comparing(ExecutorHandle::id));
            return new ProcessCluster(endpoint, processes, executors, logDirectory);
        } catch (IOException | RuntimeException e) {
            processes.forEach(Process::destroyForcibly);
            endpoint.close();
            deleteQuietly(logDirectory);
            throw e;
        }
    }

    static ExecutorHandle handle(RegisterExecutorRequest registration) {
        return new ExecutorHandle(registration.getExecutorId(), registration.getHost() + ":" + registration.getPort(),
                registration.getCores(), NettyChannelBuilder.forAddress(registration.getHost(),
                        registration.getPort()).usePlaintext().build());
    }

    private static Process launch(String id, int driverPort, Path logDirectory) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java,
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-XX:+UseSerialGC"));
        command.addAll(classDataOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                ExecutorMain.class.getName(),
                "--driver", "127.0.0.1:" + driverPort,
                "--cores", "1",
                "--executor-id", id,
                "--exit-on-stdin-close"));
        return new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(logDirectory.resolve(id + ".log").toFile())
                .start();
    }

    /** The driver's class-data archive options (bin/sluice's), if any: the executors load the same classes. */
    private static List<String> classDataOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> option.startsWith("-XX:SharedArchiveFile=") || option.startsWith("-Xlog:cds"))
                .toList();
    }

    private static List<RegisterExecutorRequest> awaitRegistrations(DriverEndpoint endpoint, List<Process> processes,
            int count, Path logDirectory) throws IOException {
        long deadline = System.currentTimeMillis() + REGISTRATION_TIMEOUT_MILLIS;
        try {
            while (true) {
                List<RegisterExecutorRequest> registered = endpoint.awaitRegistrations(count, 100);
                if (registered.size() >= count) {
                    return registered;
                }
                for (int index = 0; index < processes.size(); index++) {
                    if (!processes.get(index).isAlive()) {
                        String id = "executor-" + (index + 1);
                        throw new IOException("executor process " + id + " exited with code "
                                + processes.get(index).exitValue() + " before registering: "
                                + tail(logDirectory.resolve(id + ".log")));
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("only " + registered.size() + " of " + count + " executor processes"
                            + " registered within " + REGISTRATION_TIMEOUT_MILLIS / 1000 + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting executors", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public List<ExecutorHandle> executors() {
        return executors;
    }

    @Override
    public String describe() {
        return "local-cluster[" + processes.size() + "]";
    }

    @Override
    public void close() {
        heartbeats.close();
        executors.forEach(ExecutorHandle::close);
        for (Process process : processes) {
            try {
                process.getOutputStream().close(); // the executor stops at the end of its input
            } catch (IOException e) {
                // already gone
            }
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        endpoint.close();
        deleteQuietly(logDirectory);
        try {
            Runtime.getRuntime().removeShutdownHook(killAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
