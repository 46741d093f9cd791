package dev.sluice.executor.server;

import dev.sluice.connector.Connectors;
import dev.sluice.executor.rpc.proto.DriverServiceGrpc;
import dev.sluice.executor.rpc.proto.RegisterExecutorRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An executor process: serves {@link ExecutorRpcService} on a TCP port, registers with its driver, and stops when
 * the driver's heartbeats stop (the driver is gone) or on SIGTERM/SIGINT.
 *
 * <pre>
 * bin/sluice executor --driver host:port [--port P] [--cores N] [--host H]
 * </pre>
 */
@Command(name = "executor", mixinStandardHelpOptions = true,
        description = "Starts an executor that registers with a driver and runs its tasks.")
public final class ExecutorMain implements Callable<Integer> {
    /** How long a registered executor waits for its driver's first heartbeat. */
    static final Duration FIRST_HEARTBEAT_GRACE = Duration.ofSeconds(60);

    @Option(names = "--driver", required = true, paramLabel = "host:port",
            description = "the driver to register with")
    String driver;

    @Option(names = "--port", defaultValue = "0", paramLabel = "P",
            description = "the port to serve on (default: a free one)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "H",
            description = "the address to serve on and to give the driver (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--cores", paramLabel = "N", description = "task threads (default: the machine's cores)")
    Integer cores;

    @Option(names = "--executor-id", paramLabel = "ID", description = "the name in messages (default: generated)")
    String executorId;

    @Option(names = "--heartbeat-timeout", defaultValue = "10s", paramLabel = "DURATION",
            description = "stop when no heartbeat came from the driver for this long (default: ${DEFAULT-VALUE})")
    String heartbeatTimeout;

    @Option(names = "--exit-on-stdin-close", hidden = true,
            description = "stop when standard input closes (the parent driver process died)")
    boolean exitOnStdinClose;

    private final PrintStream err;

    ExecutorMain(PrintStream err) {
        this.err = err;
    }

    public static void main(String[] arguments) {
        System.exit(run(arguments, System.err));
    }

    /** Runs the executor command line; returns the exit code. */
    public static int run(String[] arguments, PrintStream err) {
        CommandLine commandLine = new CommandLine(new ExecutorMain(err));
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            err.println("sluice executor: " + exception.getMessage());
            return 1;
        });
        return commandLine.execute(arguments);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        int taskThreads = cores != null ? cores : Runtime.getRuntime().availableProcessors();
        if (taskThreads < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--cores must be positive: " + cores);
        }
        HostPort driverAddress = HostPort.parse(driver, "--driver");
        Duration timeout = parseTimeout(heartbeatTimeout);
        String id = executorId != null ? executorId : "executor-" + UUID.randomUUID().toString().substring(0, 8);
        ExecutorRpcService service = new ExecutorRpcService(id, taskThreads, Connectors.discover());
        ExecutorServer server = ExecutorServer.startTcp(service, host, port);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM/SIGINT: let the main thread end running tasks and close the server before the JVM halts.
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, id + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            register(driverAddress, id, server.port(), taskThreads);
            err.println("sluice executor " + id + ": serving on " + host + ":" + server.port() + " with "
                    + taskThreads + " task thread(s), registered with driver " + driverAddress);
            if (exitOnStdinClose) {
                watchStandardInput(stop);
            }
            while (!stop.await(200, TimeUnit.MILLISECONDS)) {
                // Until the first heartbeat the driver may still be waiting for other executors to register.
                Duration limit = service.heartbeatCount() == 0 && timeout.compareTo(FIRST_HEARTBEAT_GRACE) < 0
                        ? FIRST_HEARTBEAT_GRACE : timeout;
                long silentNanos = System.nanoTime() - service.lastHeartbeatNanos();
                if (silentNanos > limit.toNanos()) {
                    err.println("sluice executor " + id + ": no heartbeat from driver " + driverAddress + " for "
                            + limit.toMillis() + " ms; stopping");
                    break;
                }
            }
        } finally {
            server.close();
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the server is closed
            }
        }
        return 0;
    }

    private void register(HostPort driverAddress, String id, int boundPort, int taskThreads) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(driverAddress.host(), driverAddress.port())
                .usePlaintext().build();
        try {
            DriverServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .registerExecutor(RegisterExecutorRequest.newBuilder()
                            .setExecutorId(id).setHost(host).setPort(boundPort).setCores(taskThreads).build());
        } catch (StatusRuntimeException e) {
            throw new IllegalStateException("cannot register with driver " + driverAddress + ": "
                    + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
                    : " " + e.getStatus().getDescription()), e);
        } finally {
            channel.shutdownNow();
        }
    }

    /** A driver that started this process holds its standard input; end of input means the driver died. */
    private static void watchStandardInput(CountDownLatch stop) {
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) >= 0) {
                    // the driver writes nothing; keep reading until the pipe closes
                }
            } catch (IOException e) {
                // a broken pipe means the same as end of input
            }
            stop.countDown();
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static Duration parseTimeout(String text) {
        String trimmed = text.trim();
        try {
            if (trimmed.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(trimmed.substring(0, trimmed.length() - 2)));
            }
            if (trimmed.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(trimmed.substring(0, trimmed.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(trimmed));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--heartbeat-timeout: expected a duration like 10s or 500ms, got '"
                    + text + "'");
        }
    }

    /** A {@code host:port} address from the command line. */
    public record HostPort(String host, int port) {
        public HostPort {
            if (host == null || host.isEmpty()) {
                throw new IllegalArgumentException("host is empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        /** Parses {@code host:port}; {@code option} names the command-line option in the error. */
        public static HostPort parse(String text, String option) {
            int colon = text == null ? -1 : text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException(option + ": expected host:port, got '" + text + "'");
            }
            try {
                return new HostPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": expected host:port with a port from 1 to 65535,"
                        + " got '" + text + "'");
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
