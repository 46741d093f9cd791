package dev.sluice.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClusterStartTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void handsOverTheExecutorsItStarted() throws Exception {
        try (ClusterStart start = ClusterStart.begin(new Master.Local(2))) {
            try (Cluster cluster = start.await()) {
                assertEquals(2, cluster.executors().size());
                assertEquals("local[2]", cluster.describe());
                IllegalStateException again = assertThrows(IllegalStateException.class, start::await);
                assertEquals("the cluster of Local[executors=2] was already taken", again.getMessage());
            }
        }
    }

    @Test
    void stopsTheExecutorProcessesNobodyTook() throws Exception {
        Set<Long> before = childProcesses();
        ClusterStart start = ClusterStart.begin(new Master.LocalCluster(1));
        await(() -> !newChildren(before).isEmpty(), "the executor process to start");
        start.close();
        await(() -> newChildren(before).isEmpty(), "the executor process to stop");
        assertThrows(IllegalStateException.class, start::await);
    }

    @Test
    void stopsAClusterClosedWhileItWasStarting() throws Exception {
        Set<Long> before = childProcesses();
        ClusterStart start = ClusterStart.begin(new Master.LocalCluster(1));
        start.close(); // long before a JVM can have started and registered
        await(() -> newChildren(before).isEmpty(), "no executor process to remain");
        Thread.sleep(500); // nothing starts later either
        assertEquals(Set.of(), newChildren(before));
    }

    @Test
    void aTakenClusterOutlivesItsStartUntilTheQueryClosesIt() throws Exception {
        Set<Long> before = childProcesses();
        Cluster cluster;
        try (ClusterStart start = ClusterStart.begin(new Master.LocalCluster(1))) {
            cluster = start.await();
        }
        try {
            assertEquals(1, newChildren(before).size(), "the executor process runs after the start closed");
        } finally {
            cluster.close();
        }
        await(() -> newChildren(before).isEmpty(), "the executor process to stop");
    }

    private static Set<Long> childProcesses() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private static Set<Long> newChildren(Set<Long> before) {
        Set<Long> now = childProcesses();
        now.removeAll(before);
        return now;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited " + PATIENCE.toSeconds() + " s for " + what);
            Thread.sleep(20);
        }
    }
}
