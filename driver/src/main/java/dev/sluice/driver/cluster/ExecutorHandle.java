package dev.sluice.driver.cluster;

import static java.util.Objects.requireNonNull;

import dev.sluice.executor.rpc.proto.ExecutorServiceGrpc;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The driver's view of one executor: its name, address and cores, and the one channel the driver uses for it
 * for the query's whole life (never a channel per batch).
 */
public final class ExecutorHandle implements AutoCloseable {
    private final String id;
    private final String address;
    private final String target;
    private final int cores;
    private final ManagedChannel channel;
    private final AtomicInteger runningTasks = new AtomicInteger();

    public ExecutorHandle(String id, String address, int cores, ManagedChannel channel) {
        this(id, address, address, cores, channel);
    }

    /**
     * @param target where other executors reach this one for shuffle data: "host:port", or "in-process:<name>" for
     *     an executor in the driver's JVM
     */
    public ExecutorHandle(String id, String address, String target, int cores, ManagedChannel channel) {
        this.id = requireNonNull(id, "id is null");
        this.address = requireNonNull(address, "address is null");
        this.target = requireNonNull(target, "target is null");
        if (cores < 1) {
            throw new IllegalArgumentException("executor " + id + ": cores must be positive: " + cores);
        }
        this.cores = cores;
        this.channel = requireNonNull(channel, "channel is null");
    }

    public String id() {
        return id;
    }

    public String address() {
        return address;
    }

    /** Where other executors fetch this one's shuffle output. */
    public String target() {
        return target;
    }

    public int cores() {
        return cores;
    }

    public ExecutorServiceGrpc.ExecutorServiceBlockingStub blockingStub() {
        return ExecutorServiceGrpc.newBlockingStub(channel);
    }

    public ExecutorServiceGrpc.ExecutorServiceStub asyncStub() {
        return ExecutorServiceGrpc.newStub(channel);
    }

    /** Tasks sent and not yet answered; the scheduler sends the next task where this is lowest per core. */
    AtomicInteger runningTasks() {
        return runningTasks;
    }

    /** "executor-2 (127.0.0.1:40123)" for messages. */
    public String describe() {
        return id + " (" + address + ")";
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
