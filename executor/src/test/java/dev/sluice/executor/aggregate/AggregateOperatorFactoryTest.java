package dev.sluice.executor.aggregate;

import static dev.sluice.executor.aggregate.AggregateSpecs.call;
import static dev.sluice.executor.aggregate.AggregateSpecs.column;
import static dev.sluice.executor.aggregate.AggregateSpecs.countStar;
import static dev.sluice.executor.aggregate.AggregateSpecs.cumulate;
import static dev.sluice.executor.aggregate.AggregateSpecs.decimal;
import static dev.sluice.executor.aggregate.AggregateSpecs.distinct;
import static dev.sluice.executor.aggregate.AggregateSpecs.filtered;
import static dev.sluice.executor.aggregate.AggregateSpecs.hop;
import static dev.sluice.executor.aggregate.AggregateSpecs.session;
import static dev.sluice.executor.aggregate.AggregateSpecs.tumble;
import static dev.sluice.executor.aggregate.AggregateSpecs.type;
import static dev.sluice.planner.plan.proto.AggregateCall.Function.AVG;
import static dev.sluice.planner.plan.proto.AggregateCall.Function.COUNT;
import static dev.sluice.planner.plan.proto.AggregateCall.Function.MAX;
import static dev.sluice.planner.plan.proto.AggregateCall.Function.SUM;
import static dev.sluice.planner.plan.proto.DataType.Kind.BIGINT;
import static dev.sluice.planner.plan.proto.DataType.Kind.BOOLEAN;
import static dev.sluice.planner.plan.proto.DataType.Kind.DOUBLE;
import static dev.sluice.planner.plan.proto.DataType.Kind.INT;
import static dev.sluice.planner.plan.proto.DataType.Kind.TIMESTAMP;
import static dev.sluice.planner.plan.proto.DataType.Kind.VARCHAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.planner.plan.proto.Aggregate;
import dev.sluice.planner.plan.proto.AggregateCall;
import dev.sluice.planner.plan.proto.ColumnDefinition;
import dev.sluice.planner.plan.proto.OutputMode;
import dev.sluice.planner.plan.proto.WindowSpec;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class AggregateOperatorFactoryTest {
    private static final List<ColumnDefinition> COLUMNS = List.of(column("ts", type(TIMESTAMP)),
            column("k", type(INT)), column("name", type(VARCHAR)), column("v", type(BIGINT)),
            column("flag", type(BOOLEAN)), column("price", decimal(10, 2)));

    private static Aggregate spec(WindowSpec window, List<AggregateCall> calls) {
        return AggregateSpecs.aggregate(COLUMNS, window, List.of(1), calls, window == null ? -1 : 0);
    }

    private static String failure(Aggregate spec, OutputMode mode) {
        return assertThrows(IllegalArgumentException.class, () -> new AggregateOperatorFactory(spec, mode, 128))
                .getMessage();
    }

    private static void assertFailure(Aggregate spec, OutputMode mode, String expected) {
        String message = failure(spec, mode);
        assertTrue(message.startsWith("aggregate aggregate-0: "), message);
        assertTrue(message.contains(expected), message);
    }

    private static List<String> names(Schema schema) {
        return schema.getFields().stream().map(Field::getName).collect(Collectors.toList());
    }

    @Test
    void derivesThePartialAndOutputSchemas() {
        AggregateOperatorFactory factory = new AggregateOperatorFactory(spec(tumble(0, 10_000), List.of(
                countStar("rows"), call("total", SUM, 3, type(BIGINT)),
                distinct(call("names", COUNT, 2, type(BIGINT))), call("top", MAX, 2, type(VARCHAR)))),
                OutputMode.APPEND, 128);
        assertEquals(List.of("key_group", "window_start", "window_end", "k", "call0_count", "call1_sum_high",
                "call1_sum_low", "call1_count", "call3_value", "distinct_call", "call2_distinct"),
                names(factory.partialSchema()));
        assertTrue(!factory.partialSchema().getFields().get(0).isNullable(), "key_group is NOT NULL");
        assertEquals(List.of("window_start", "window_end", "window_time", "k", "rows", "total", "names", "top"),
                names(factory.outputSchema()));
        assertTrue(!factory.outputSchema().getFields().get(2).isNullable(), "window_time is NOT NULL");
        assertEquals(COLUMNS.size(), factory.inputSchema().getFields().size());
        assertTrue(factory.usesEventTime());
        assertEquals(List.of("k", "rows"), names(new AggregateOperatorFactory(spec(null, List.of(countStar("rows"))),
                OutputMode.UPDATE, 128).outputSchema()));
    }

    @Test
    void rejectsWindowsThatCannotBeAssigned() {
        List<AggregateCall> calls = List.of(countStar("rows"));
        assertFailure(spec(tumble(0, 0), calls), OutputMode.APPEND, "TUMBLE size must be positive: 0 ms");
        assertFailure(spec(hop(0, 10_000, -1), calls), OutputMode.APPEND, "HOP slide must be positive");
        assertFailure(spec(hop(0, 10_000_000, 1), calls), OutputMode.APPEND,
                "puts each row in 10000000 windows; at most 10000");
        assertFailure(spec(cumulate(0, 10_000, 3_000), calls), OutputMode.APPEND,
                "CUMULATE max size 10000 ms is not a multiple of its step 3000 ms");
        assertFailure(spec(session(0, 0), calls), OutputMode.APPEND, "SESSION gap must be positive");
        assertFailure(spec(tumble(1, 10_000), calls), OutputMode.APPEND,
                "the window's time column 1 'k' has type INT, not TIMESTAMP");
        assertFailure(spec(WindowSpec.newBuilder().setTimeColumn(0).build(), calls), OutputMode.APPEND,
                "a window without a kind");
    }

    @Test
    void rejectsAppendModeWithoutAWatermarkedWindow() {
        assertFailure(spec(null, List.of(countStar("rows"))), OutputMode.APPEND,
                "append output mode needs a window over an event-time column with a watermark");
        Aggregate noWatermark = spec(tumble(0, 1_000), List.of(countStar("rows"))).toBuilder()
                .setEventTimeColumn(-1).build();
        assertFailure(noWatermark, OutputMode.APPEND, "for a window without a watermark");
        new AggregateOperatorFactory(noWatermark, OutputMode.UPDATE, 128);
        assertFailure(spec(null, List.of(countStar("rows"))), OutputMode.OUTPUT_MODE_UNSPECIFIED,
                "output mode OUTPUT_MODE_UNSPECIFIED is not one of APPEND, UPDATE, COMPLETE");
    }

    @Test
    void rejectsCallsWhoseArgumentsOrResultTypesDoNotFit() {
        assertFailure(spec(null, List.of(call("total", SUM, 9, type(BIGINT)))), OutputMode.UPDATE,
                "call 0 'total': the argument is column 9, outside the 6 input columns");
        assertFailure(spec(null, List.of(call("total", SUM, 2, type(BIGINT)))), OutputMode.UPDATE,
                "call 0 'total': SUM of VARCHAR cannot have the result type BIGINT");
        assertFailure(spec(null, List.of(call("total", SUM, 5, decimal(38, 1)))), OutputMode.UPDATE,
                "SUM of DECIMAL(10, 2) cannot have the result type DECIMAL(38, 1)");
        assertFailure(spec(null, List.of(call("mean", AVG, 3, type(VARCHAR)))), OutputMode.UPDATE,
                "AVG of BIGINT cannot have the result type VARCHAR");
        assertFailure(spec(null, List.of(call("top", MAX, 3, type(INT)))), OutputMode.UPDATE,
                "MAX of BIGINT cannot have the result type INT");
        assertFailure(spec(null, List.of(filtered(countStar("rows"), 3))), OutputMode.UPDATE,
                "call 0 'rows': the FILTER column 3 'v' has type BIGINT, not BOOLEAN");
        assertFailure(spec(null, List.of(call("rows", AggregateCall.Function.COUNT_STAR, 3, type(BIGINT)))),
                OutputMode.UPDATE, "COUNT(*) takes no argument, not column 3");
        assertFailure(spec(null, List.of(countStar(""))), OutputMode.UPDATE, "call 0 '' has no name");
        assertFailure(spec(null, List.of(call("c", COUNT, 3, type(DOUBLE)))), OutputMode.UPDATE,
                "COUNT of BIGINT cannot have the result type DOUBLE");
        UnsupportedOperationException distinctSum = assertThrows(UnsupportedOperationException.class,
                () -> new AggregateOperatorFactory(spec(null, List.of(distinct(call("s", SUM, 3, type(BIGINT))))),
                        OutputMode.UPDATE, 128));
        assertTrue(distinctSum.getMessage().contains("SUM(DISTINCT ...) is not supported"), distinctSum.getMessage());
    }

    @Test
    void rejectsBadKeysAndKeyGroupCounts() {
        Aggregate badKey = spec(null, List.of(countStar("rows"))).toBuilder().clearGroupKeys().addGroupKeys(-1)
                .build();
        assertFailure(badKey, OutputMode.UPDATE, "group key 0 is column -1, outside the 6 input columns");
        String keyGroups = assertThrows(IllegalArgumentException.class, () -> new AggregateOperatorFactory(
                spec(null, List.of(countStar("rows"))), OutputMode.UPDATE, 0)).getMessage();
        assertTrue(keyGroups.contains("the number of key groups must be in [1, 32768]: 0"), keyGroups);
        Aggregate badEventTime = spec(tumble(0, 1_000), List.of(countStar("rows"))).toBuilder()
                .setEventTimeColumn(1).build();
        assertFailure(badEventTime, OutputMode.UPDATE, "the event-time column 1 'k' has type INT, not TIMESTAMP");
    }
}
