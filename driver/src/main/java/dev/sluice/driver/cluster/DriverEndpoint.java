package dev.sluice.driver.cluster;

import dev.sluice.executor.rpc.proto.DriverServiceGrpc;
import dev.sluice.executor.rpc.proto.RegisterExecutorRequest;
import dev.sluice.executor.rpc.proto.RegisterExecutorResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The driver's gRPC server: executors register here ({@code bin/sluice executor --driver host:port}). */
final class DriverEndpoint implements AutoCloseable {
    private final String driverId = "driver-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, RegisterExecutorRequest> registrations = new LinkedHashMap<>();
    private final Server server;

    DriverEndpoint(String host, int port) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .addService(new DriverServiceGrpc.DriverServiceImplBase() {
                    @Override
                    public void registerExecutor(RegisterExecutorRequest request,
                            StreamObserver<RegisterExecutorResponse> response) {
                        if (!register(request)) {
                            response.onError(Status.ALREADY_EXISTS.withDescription("an executor named "
                                    + request.getExecutorId() + " is already registered").asRuntimeException());
                            return;
                        }
                        response.onNext(RegisterExecutorResponse.newBuilder().setDriverId(driverId).build());
                        response.onCompleted();
                    }
                })
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException("the driver cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    String driverId() {
        return driverId;
    }

    int port() {
        return server.getPort();
    }

    private synchronized boolean register(RegisterExecutorRequest request) {
        if (registrations.containsKey(request.getExecutorId())) {
            return false;
        }
        registrations.put(request.getExecutorId(), request);
        notifyAll();
        return true;
    }

    /** Waits until at least {@code count} executors registered or {@code timeoutMillis} passed. */
    synchronized List<RegisterExecutorRequest> awaitRegistrations(int count, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (registrations.size() < count) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return new ArrayList<>(registrations.values());
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
