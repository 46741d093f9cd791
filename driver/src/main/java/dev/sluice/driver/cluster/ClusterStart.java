package dev.sluice.driver.cluster;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/**
 * A cluster starting on a thread of its own, so that the executors boot while the driver parses and plans the SQL
 * (child JVMs for {@code local-cluster[N]}, gRPC servers for {@code local[N]}, registrations for {@code host:port}).
 * In a fresh JVM the two take hundreds of milliseconds each; done side by side, the first batch starts sooner.
 *
 * <p>The query takes the cluster with {@link #await()} and closes it when it ends. Whoever began the start closes
 * this object: a cluster nobody took (planning failed) is stopped then, also when it is still starting.
 *
 * <pre>{@code
 * try (ClusterStart executors = ClusterStart.begin(master)) {
 *     PlannedQuery planned = QueryPlanner.plan(script);       // meanwhile the executors start
 *     new StreamingQuery(planned, options, executors, out).run();
 * }
 * }</pre>
 */
public final class ClusterStart implements AutoCloseable {
    private final Master master;
    private final Thread thread;
    private Cluster cluster;
    private Throwable failure;
    private boolean taken;
    private boolean closed;

    private ClusterStart(Master master) {
        this.master = master;
        this.thread = new Thread(this::start, "cluster-start");
        thread.setDaemon(true);
    }

    /**
     * Starts the executors {@code master} names on a new thread and returns at once. A {@code host:port} master is
     * the exception: it waits for executors a person starts, and says so on the console, so it begins in
     * {@link #await()}, once the SQL planned (a script with an error never asks for executors).
     */
    public static ClusterStart begin(Master master) {
        ClusterStart start = new ClusterStart(requireNonNull(master, "master is null"));
        if (!(master instanceof Master.Remote)) {
            start.thread.start();
        }
        return start;
    }

    public Master master() {
        return master;
    }

    private void start() {
        Cluster started = null;
        Throwable error = null;
        try {
            started = Cluster.start(master);
        } catch (IOException | RuntimeException | Error e) {
            error = e;
        }
        synchronized (this) {
            if (closed && started != null) {
                started.close(); // nobody will take it any more
                started = null;
            }
            cluster = started;
            failure = error;
            notifyAll();
        }
    }

    /**
     * Waits for the executors and hands the cluster over: the caller closes it from now on.
     *
     * @throws IOException what starting the cluster threw (an executor that did not start, a port in use, ...)
     * @throws IllegalStateException when the cluster was already taken or this start was closed
     */
    public Cluster await() throws IOException, InterruptedException {
        if (master instanceof Master.Remote) {
            take();
            return Cluster.start(master);
        }
        synchronized (this) {
            while (cluster == null && failure == null && !closed) {
                wait();
            }
            take();
            if (failure != null) {
                throw rethrow(failure);
            }
            return cluster;
        }
    }

    private synchronized void take() {
        if (taken || closed) {
            throw new IllegalStateException("the cluster of " + master + " was already " + (taken ? "taken" : "closed"));
        }
        taken = true;
    }

    private static IOException rethrow(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw (Error) failure;
    }

    /** Stops the cluster unless it was taken; a start still under way is interrupted and stopped when it ends. */
    @Override
    public void close() {
        Cluster untaken;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            untaken = taken ? null : cluster;
            cluster = null;
        }
        if (untaken != null) {
            untaken.close();
        } else if (!taken) {
            thread.interrupt(); // e.g. a host:port master waiting for its first executor
        }
    }
}
