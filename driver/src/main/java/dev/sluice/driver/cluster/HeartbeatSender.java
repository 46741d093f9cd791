package dev.sluice.driver.cluster;

import dev.sluice.executor.rpc.proto.HeartbeatRequest;
import dev.sluice.executor.rpc.proto.HeartbeatResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends every executor a heartbeat every second. An executor process stops when heartbeats stop, so executors
 * never outlive a driver that died without stopping them.
 */
final class HeartbeatSender implements AutoCloseable {
    static final long INTERVAL_MILLIS = 1000;

    private final ScheduledExecutorService timer;

    HeartbeatSender(String driverId, List<ExecutorHandle> executors) {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        HeartbeatRequest request = HeartbeatRequest.newBuilder().setDriverId(driverId).build();
        timer.scheduleAtFixedRate(() -> {
            for (ExecutorHandle executor : executors) {
                // Fire and forget: a lost executor shows up as a failed task, with its name.
                executor.asyncStub().withDeadlineAfter(INTERVAL_MILLIS, TimeUnit.MILLISECONDS)
                        .heartbeat(request, new StreamObserver<>() {
                            @Override
                            public void onNext(HeartbeatResponse value) {}

                            @Override
                            public void onError(Throwable t) {}

                            @Override
                            public void onCompleted() {}
                        });
            }
        }, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
