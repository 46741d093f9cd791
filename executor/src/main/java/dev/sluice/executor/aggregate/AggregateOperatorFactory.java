package dev.sluice.executor.aggregate;

import static java.util.Objects.requireNonNull;

import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.planner.plan.proto.Aggregate;
import dev.sluice.planner.plan.proto.OutputMode;
import dev.sluice.state.KeyGroups;
import dev.sluice.state.KeyValueState;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Built once per query from the plan's {@link Aggregate}: checks it (errors name the operator, the call and the
 * column), derives the schemas, and creates the operators of each task: a {@link PartialAggregateOperator} per scan
 * task, a {@link StatefulAggregateOperator} per state partition and batch. The design (state layout, emission
 * rules, memory bounds) is in {@code executor/docs/aggregation.md}.
 */
public final class AggregateOperatorFactory {
    /** The default bound on a partial aggregation's table before it emits what it holds. */
    public static final long DEFAULT_PARTIAL_MEMORY_BYTES = 32L << 20;

    private final AggregateLayout layout;

    /**
     * @param spec the plan's aggregate
     * @param mode the query's output mode
     * @param keyGroups the query's number of key groups (fixed at its first run)
     * @throws IllegalArgumentException if the aggregate is not valid, naming what is wrong
     * @throws UnsupportedOperationException for SUM(DISTINCT ...) and AVG(DISTINCT ...)
     */
    public AggregateOperatorFactory(Aggregate spec, OutputMode mode, int keyGroups) {
        this(spec, mode, keyGroups, DEFAULT_PARTIAL_MEMORY_BYTES);
    }

    /** As above, with the partial aggregation's memory bound in bytes. */
    public AggregateOperatorFactory(Aggregate spec, OutputMode mode, int keyGroups, long partialMemoryBytes) {
        this.layout = new AggregateLayout(spec, mode, keyGroups, partialMemoryBytes);
    }

    public String operatorId() {
        return layout.operatorId();
    }

    public OutputMode outputMode() {
        return layout.mode();
    }

    public int keyGroups() {
        return layout.keyGroups();
    }

    /** The columns the pipelines deliver: the aggregate's input_columns. */
    public Schema inputSchema() {
        return layout.inputSchema();
    }

    /** What {@link PartialAggregateOperator} emits; column 0 is "key_group" INT NOT NULL, the shuffle's key. */
    public Schema partialSchema() {
        return layout.partialSchema();
    }

    /**
     * What {@link StatefulAggregateOperator} emits: window_start, window_end, window_time (TIMESTAMP(3) NOT NULL,
     * windowed only; window_time = window_end - 1 ms), the group keys, one column per call.
     */
    public Schema outputSchema() {
        return layout.outputSchema();
    }

    /** Whether the aggregate has an event-time column: the watermark then drops late rows and closes windows. */
    public boolean usesEventTime() {
        return layout.usesEventTime();
    }

    public PartialAggregateOperator createPartial(OperatorContext context) {
        requireNonNull(context, "context is null");
        return new PartialAggregateOperator(layout, context);
    }

    /**
     * A state task's operator over {@code state} (the partition's store, loaded at the version before the batch),
     * for the key groups the partition owns.
     */
    public StatefulAggregateOperator createStateful(OperatorContext context, KeyValueState state,
            KeyGroups.Range ownedKeyGroups) {
        requireNonNull(context, "context is null");
        requireNonNull(state, "state is null");
        requireNonNull(ownedKeyGroups, "ownedKeyGroups is null");
        if (ownedKeyGroups.last() >= layout.keyGroups()) {
            throw new IllegalArgumentException("aggregate " + layout.operatorId() + ": key groups ["
                    + ownedKeyGroups.first() + ", " + ownedKeyGroups.last() + "] are outside the query's "
                    + layout.keyGroups());
        }
        return new StatefulAggregateOperator(layout, context, state, ownedKeyGroups);
    }
}
