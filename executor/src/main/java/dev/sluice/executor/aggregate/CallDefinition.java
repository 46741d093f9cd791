package dev.sluice.executor.aggregate;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.plan.proto.AggregateCall;
import dev.sluice.planner.plan.proto.DataType;

/**
 * One checked aggregate call of the plan.
 *
 * @param index the call's position in the plan (its output column follows the group keys in this order)
 * @param function what it computes
 * @param argument the input column, -1 for COUNT(*)
 * @param argumentType the input column's type, null for COUNT(*)
 * @param argumentName the input column's name, for messages; empty for COUNT(*)
 * @param distinct COUNT(DISTINCT x); MIN and MAX ignore DISTINCT, which does not change them
 * @param resultType the output column's type
 * @param name the output column's name
 * @param filter the BOOLEAN input column of FILTER (WHERE ...), -1 for none
 */
record CallDefinition(int index, AggregateCall.Function function, int argument, DataType argumentType,
        String argumentName, boolean distinct, DataType resultType, String name, int filter) {
    CallDefinition {
        requireNonNull(function, "function is null");
        requireNonNull(argumentName, "argumentName is null");
        requireNonNull(resultType, "resultType is null");
        requireNonNull(name, "name is null");
    }

    /** The call as a message names it: {@code call 2 'total' = SUM(v)}. */
    String describe() {
        String text = switch (function) {
            case COUNT_STAR -> "COUNT(*)";
            case COUNT, SUM, MIN, MAX, AVG, FUNCTION_UNSPECIFIED, UNRECOGNIZED ->
                    function + "(" + (distinct ? "DISTINCT " : "") + argumentName + ")";
        };
        return "call " + index + " '" + name + "' = " + text;
    }

    /** Whether the call counts distinct values (kept as state entries per value). */
    boolean countsDistinct() {
        return distinct && function == AggregateCall.Function.COUNT;
    }
}
