package dev.sluice.driver.cluster;

import dev.sluice.connector.Connectors;
import dev.sluice.executor.server.ExecutorRpcService;
import dev.sluice.executor.server.ExecutorServer;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code local[N]}: N executors in the driver's JVM, each the same {@link ExecutorRpcService} an executor process
 * runs, reached through gRPC's in-process transport (the same protobuf bytes, no socket).
 */
final class InProcessCluster implements Cluster {
    private final List<ExecutorServer> servers;
    private final List<ExecutorHandle> executors;

    private InProcessCluster(List<ExecutorServer> servers, List<ExecutorHandle> executors) {
        this.servers = List.copyOf(servers);
        this.executors = List.copyOf(executors);
    }

    static InProcessCluster start(int count) throws IOException {
        Connectors connectors = Connectors.discover();
        String prefix = "sluice-local-" + UUID.randomUUID();
        List<ExecutorServer> servers = new ArrayList<>();
        List<ExecutorHandle> executors = new ArrayList<>();
        try {
            for (int index = 1; index <= count; index++) {
                String id = "executor-" + index;
                String name = prefix + "-" + id;
                servers.add(ExecutorServer.startInProcess(new ExecutorRpcService(id, 1, connectors), name));
                executors.add(new ExecutorHandle(id, "in-process", "in-process:" + name, 1,
                        InProcessChannelBuilder.forName(name).directExecutor().build()));
            }
        } catch (IOException | RuntimeException e) {
            new InProcessCluster(servers, executors).close();
            throw e;
        }
        return new InProcessCluster(servers, executors);
    }

    @Override
    public List<ExecutorHandle> executors() {
        return executors;
    }

    @Override
    public String describe() {
        return "local[" + executors.size() + "]";
    }

    @Override
    public void close() {
        executors.forEach(ExecutorHandle::close);
        servers.forEach(ExecutorServer::close);
    }
}
