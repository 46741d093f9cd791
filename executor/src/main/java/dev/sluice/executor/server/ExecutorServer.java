package dev.sluice.executor.server;

import static java.util.Objects.requireNonNull;

import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** A running gRPC server around one {@link ExecutorRpcService}: over TCP, or in-process for {@code local[N]}. */
public final class ExecutorServer implements AutoCloseable {
    /** Plans and commit messages are small, but a large plan (many columns, long expressions) must still fit. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final ExecutorRpcService service;
    private final Server server;

    private ExecutorServer(ExecutorRpcService service, Server server) {
        this.service = service;
        this.server = server;
    }

    /** Serves {@code service} on {@code host:port} (port 0 picks a free one). */
    public static ExecutorServer startTcp(ExecutorRpcService service, String host, int port) throws IOException {
        requireNonNull(service, "service is null");
        requireNonNull(host, "host is null");
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .addService(service)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException("executor " + service.executorId() + " cannot listen on " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
        return new ExecutorServer(service, server);
    }

    /**
     * Serves {@code service} under the in-process name {@code name}: the same bytes, without a socket. Calls run
     * on the caller's thread (a direct executor) instead of hopping to a pool thread first, which costs a thread
     * wake-up per task and per shuffle fetch: every handler of the service returns at once (a task goes to the
     * task threads) or does what the caller would wait for anyway.
     */
    public static ExecutorServer startInProcess(ExecutorRpcService service, String name) throws IOException {
        requireNonNull(service, "service is null");
        requireNonNull(name, "name is null");
        Server server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
        return new ExecutorServer(service, server);
    }

    public ExecutorRpcService service() {
        return service;
    }

    /** The TCP port, or -1 for an in-process server. */
    public int port() {
        return server.getPort();
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops taking calls, ends running ones, and closes the service. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        service.close();
    }
}
