package dev.sluice.driver.cluster;

import dev.sluice.executor.rpc.proto.RegisterExecutorRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code host:port}: the driver listens there and runs on the executors that registered. It waits for the first
 * registration, then gives the others a moment to arrive; executors that register later are not used by this
 * query (elastic membership comes with the scheduler).
 */
final class RegisteredCluster implements Cluster {
    private static final long GRACE_MILLIS = 2_000;

    private final String address;
    private final DriverEndpoint endpoint;
    private final List<ExecutorHandle> executors;
    private final HeartbeatSender heartbeats;

    private RegisteredCluster(String address, DriverEndpoint endpoint, List<ExecutorHandle> executors) {
        this.address = address;
        this.endpoint = endpoint;
        this.executors = List.copyOf(executors);
        this.heartbeats = new HeartbeatSender(endpoint.driverId(), this.executors);
    }

    static RegisteredCluster start(String host, int port) throws IOException {
        DriverEndpoint endpoint = new DriverEndpoint(host, port);
        PrintStream err = System.err;
        err.println("sluice: waiting for executors to register at " + host + ":" + endpoint.port()
                + " (bin/sluice executor --driver " + host + ":" + endpoint.port() + ")");
        try {
            List<RegisterExecutorRequest> registered = endpoint.awaitRegistrations(1, Long.MAX_VALUE / 4);
            registered = endpoint.awaitRegistrations(Integer.MAX_VALUE, GRACE_MILLIS);
            List<ExecutorHandle> executors = new ArrayList<>();
            for (RegisterExecutorRequest registration : registered) {
                executors.add(ProcessCluster.handle(registration));
            }
            executors.sort(Comparator.comparing(ExecutorHandle::id));
            return new RegisteredCluster(host + ":" + endpoint.port(), endpoint, executors);
        } catch (InterruptedException e) {
            endpoint.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for executors", e);
        }
    }

    @Override
    public List<ExecutorHandle> executors() {
        return executors;
    }

    @Override
    public String describe() {
        return address;
    }

    @Override
    public void close() {
        heartbeats.close();
        executors.forEach(ExecutorHandle::close);
        endpoint.close();
    }
}
