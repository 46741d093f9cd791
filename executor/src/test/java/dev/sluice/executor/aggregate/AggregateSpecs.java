package dev.sluice.executor.aggregate;

import dev.sluice.planner.plan.proto.Aggregate;
import dev.sluice.planner.plan.proto.AggregateCall;
import dev.sluice.planner.plan.proto.ColumnDefinition;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.WindowSpec;
import java.util.List;

/** Builders for the plan messages the aggregation tests use. */
final class AggregateSpecs {
    private AggregateSpecs() {
    }

    static DataType type(DataType.Kind kind) {
        return DataType.newBuilder().setKind(kind).setNullable(true).build();
    }

    static DataType decimal(int precision, int scale) {
        return DataType.newBuilder().setKind(DataType.Kind.DECIMAL).setPrecision(precision).setScale(scale)
                .setNullable(true).build();
    }

    static ColumnDefinition column(String name, DataType type) {
        return ColumnDefinition.newBuilder().setName(name).setType(type).build();
    }

    static AggregateCall call(String name, AggregateCall.Function function, int argument, DataType result) {
        return AggregateCall.newBuilder().setName(name).setFunction(function).setArgument(argument).setType(result)
                .setFilterColumn(-1).build();
    }

    static AggregateCall countStar(String name) {
        return call(name, AggregateCall.Function.COUNT_STAR, -1, type(DataType.Kind.BIGINT));
    }

    static AggregateCall distinct(AggregateCall call) {
        return call.toBuilder().setDistinct(true).build();
    }

    static AggregateCall filtered(AggregateCall call, int filterColumn) {
        return call.toBuilder().setFilterColumn(filterColumn).build();
    }

    static WindowSpec tumble(int timeColumn, long sizeMs) {
        return WindowSpec.newBuilder().setKind(WindowSpec.Kind.TUMBLE).setTimeColumn(timeColumn).setSizeMs(sizeMs)
                .build();
    }

    static WindowSpec hop(int timeColumn, long sizeMs, long slideMs) {
        return WindowSpec.newBuilder().setKind(WindowSpec.Kind.HOP).setTimeColumn(timeColumn).setSizeMs(sizeMs)
                .setSlideMs(slideMs).build();
    }

    static WindowSpec cumulate(int timeColumn, long sizeMs, long stepMs) {
        return WindowSpec.newBuilder().setKind(WindowSpec.Kind.CUMULATE).setTimeColumn(timeColumn)
                .setSizeMs(sizeMs).setSlideMs(stepMs).build();
    }

    static WindowSpec session(int timeColumn, long gapMs) {
        return WindowSpec.newBuilder().setKind(WindowSpec.Kind.SESSION).setTimeColumn(timeColumn).setGapMs(gapMs)
                .build();
    }

    /** An aggregate; {@code window} null for a GROUP BY without a window; {@code eventTime} -1 for none. */
    static Aggregate aggregate(List<ColumnDefinition> inputs, WindowSpec window, List<Integer> keys,
            List<AggregateCall> calls, int eventTime) {
        Aggregate.Builder builder = Aggregate.newBuilder().setOperatorId("aggregate-0").addAllInputColumns(inputs)
                .addAllGroupKeys(keys).addAllCalls(calls).setEventTimeColumn(eventTime);
        if (window != null) {
            builder.setWindow(window);
        }
        return builder.build();
    }
}
