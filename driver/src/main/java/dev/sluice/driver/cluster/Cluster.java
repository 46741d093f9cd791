package dev.sluice.driver.cluster;

import java.util.List;

/** The executors a query runs on, whatever started them; closing stops what the cluster started. */
public interface Cluster extends AutoCloseable {
    /** The executors, in a fixed order. */
    List<ExecutorHandle> executors();

    /** Task threads over all executors: the parallelism a batch's partitions are planned for. */
    default int totalCores() {
        return executors().stream().mapToInt(ExecutorHandle::cores).sum();
    }

    /** "local[2]", "local-cluster[2]", "127.0.0.1:7077" for messages. */
    String describe();

    @Override
    void close();

    /** Starts (or, for {@code host:port}, waits for) the executors {@code master} names. */
    static Cluster start(Master master) throws java.io.IOException {
        if (master instanceof Master.Local local) {
            return InProcessCluster.start(local.executors());
        }
        if (master instanceof Master.LocalCluster cluster) {
            return ProcessCluster.start(cluster.executors());
        }
        Master.Remote remote = (Master.Remote) master;
        return RegisteredCluster.start(remote.host(), remote.port());
    }
}
