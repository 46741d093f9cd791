package dev.sluice.executor.shuffle;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel per executor target, shared by every shuffle reader of an executor and closed with it. A target
 * is {@code "in-process:<name>"} (an executor in the same JVM, {@code local[N]}) or {@code "host:port"} (Netty over
 * TCP, as the executor serves).
 *
 * <p>TCP channels use a fixed HTTP/2 flow-control window of {@value #FLOW_CONTROL_WINDOW_BYTES} bytes instead of
 * gRPC's auto-tuned one: the window is what a fetch may have in flight before the reader takes it, so a fixed one
 * bounds the memory a slow reader makes the two executors hold.
 */
public final class ShuffleChannels implements AutoCloseable {
    public static final String IN_PROCESS_PREFIX = "in-process:";
    static final int FLOW_CONTROL_WINDOW_BYTES = 1024 * 1024;

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The target of an in-process executor served under {@code name}. */
    public static String inProcessTarget(String name) {
        return IN_PROCESS_PREFIX + requireNonNull(name, "name is null");
    }

    /** The channel to {@code target}, created on first use. */
    public ManagedChannel channel(String target) {
        requireNonNull(target, "target is null");
        if (closed) {
            throw new IllegalStateException("the shuffle channels are closed");
        }
        return channels.computeIfAbsent(target, ShuffleChannels::open);
    }

    private static ManagedChannel open(String target) {
        if (target.startsWith(IN_PROCESS_PREFIX)) {
            String name = target.substring(IN_PROCESS_PREFIX.length());
            if (name.isEmpty()) {
                throw new IllegalArgumentException("executor target '" + target + "' has no in-process name");
            }
            return InProcessChannelBuilder.forName(name).build();
        }
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            throw new IllegalArgumentException("executor target '" + target + "' is neither host:port nor "
                    + IN_PROCESS_PREFIX + "<name>");
        }
        String host = target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // [::1]:port
        }
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("executor target '" + target + "' has no port from 1 to 65535");
        }
        return NettyChannelBuilder.forAddress(host, port)
                .usePlaintext()
                .flowControlWindow(FLOW_CONTROL_WINDOW_BYTES)
                .build();
    }

    /** Closes every channel; calls still running on them fail. */
    @Override
    public void close() {
        closed = true;
        for (ManagedChannel channel : channels.values()) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels.values()) {
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        channels.clear();
    }
}
