package dev.sluice.driver.query;

import static java.util.Objects.requireNonNull;

import dev.sluice.checkpoint.Checkpoint;
import dev.sluice.connector.Sink;
import dev.sluice.connector.Source;
import dev.sluice.driver.cluster.TaskScheduler;
import dev.sluice.planner.PlannedQuery;
import java.util.List;

/**
 * What the trigger loop's steps share for one run of a query: its ids, plan, driver-side connectors, checkpoint and
 * executors. Built once at start.
 *
 * @param queryId the persistent id (from the checkpoint's metadata)
 * @param runId this run's id
 * @param sources the driver-side source instances, by source index, each with its checkpoint log
 * @param parallelism the executors' cores in total: how many partitions a source's range is split into
 * @param state a stateful query's layout; {@link StateLayout#NONE} for a stateless one
 * @param lateRowsSink the sink of the late-rows table ({@code SET 'late-rows.table'}); null without one
 */
record QueryRuntime(String queryId, String runId, PlannedQuery planned, List<Source> sources, Sink sink,
        Checkpoint checkpoint, TaskScheduler scheduler, int parallelism, StateLayout state, Sink lateRowsSink) {
    QueryRuntime {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(planned, "planned is null");
        sources = List.copyOf(requireNonNull(sources, "sources is null"));
        requireNonNull(sink, "sink is null");
        requireNonNull(checkpoint, "checkpoint is null");
        requireNonNull(scheduler, "scheduler is null");
        requireNonNull(state, "state is null");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
        }
    }

    /** Whether the plan has a state stage. */
    boolean stateful() {
        return planned.plan().hasStateStage();
    }

    /** Whether the state stage closes windows by the watermark: a watermark that moved makes a no-data batch due. */
    boolean usesEventTimeState() {
        return stateful() && planned.plan().getStateStage().getAggregate().getEventTimeColumn() >= 0;
    }

    /** The name of source {@code index}, for the offsets file and messages. */
    String sourceName(int index) {
        return planned.plan().getSources(index).getName();
    }

    /** "datagen[numbers]" for progress records. */
    String sourceDescription(int index) {
        var table = planned.plan().getSources(index);
        return table.getConnector() + "[" + table.getName() + "]";
    }

    String sinkDescription() {
        var table = planned.plan().getSink();
        return table.getConnector() + "[" + table.getName() + "]";
    }
}
