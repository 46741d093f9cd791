package dev.sluice.planner.logical;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.calcite.rel.core.AggregateCall;

/** How aggregations show in plan text (the explain stored with a checkpoint, and the reference plans). */
public final class AggregateText {
    private AggregateText() {
    }

    /** {@code $1, $2}. */
    public static String keys(List<Integer> groupKeys) {
        return groupKeys.stream().map(key -> "$" + key).collect(Collectors.joining(", "));
    }

    /** {@code COUNT(), SUM($2), COUNT(DISTINCT $3) FILTER $4}: Calcite's form of each call. */
    public static String calls(List<AggregateCall> calls) {
        return calls.stream().map(AggregateCall::toString).collect(Collectors.joining(", "));
    }
}
