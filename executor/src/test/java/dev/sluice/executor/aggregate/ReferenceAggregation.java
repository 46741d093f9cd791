package dev.sluice.executor.aggregate;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.planner.plan.proto.Aggregate;
import dev.sluice.planner.plan.proto.AggregateCall;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.OutputMode;
import dev.sluice.planner.plan.proto.WindowSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The aggregation's semantics written the simplest way, independently of the operators: it keeps every row of
 * every open group and recomputes each aggregate from the rows when the group is emitted. Rows are test rows
 * (Batches' Java values); the results are what the operators' output rows should hold.
 */
final class ReferenceAggregation {
    private final Aggregate spec;
    private final OutputMode mode;
    private final List<Group> groups = new ArrayList<>();

    /** An open group: its window (null without one), keys and rows. */
    private static final class Group {
        long start;
        long end;
        final List<Object> keys;
        final List<List<Object>> rows = new ArrayList<>();

        Group(long start, long end, List<Object> keys) {
            this.start = start;
            this.end = end;
            this.keys = keys;
        }
    }

    /** The expected output of one batch. */
    record Expected(List<List<Object>> rows, long droppedRows, long totalGroups) {
    }

    ReferenceAggregation(Aggregate spec, OutputMode mode) {
        this.spec = spec;
        this.mode = mode;
    }

    Expected batch(List<List<Object>> rows, long watermark) {
        boolean windowed = spec.hasWindow();
        boolean dropLate = spec.getEventTimeColumn() >= 0 && watermark != OperatorContext.NO_WATERMARK;
        long dropped = 0;
        Set<Group> touched = new HashSet<>();
        for (List<Object> row : rows) {
            Long time = windowed ? millis(row.get(spec.getWindow().getTimeColumn())) : null;
            if (windowed && time == null) {
                continue;
            }
            if (dropLate) {
                Long eventTime = millis(row.get(spec.getEventTimeColumn()));
                if (eventTime != null && eventTime < watermark) {
                    dropped++;
                    continue;
                }
            }
            List<Object> keys = new ArrayList<>();
            for (int key : spec.getGroupKeysList()) {
                keys.add(row.get(key));
            }
            if (!windowed) {
                group(0, 0, keys, touched).rows.add(row);
                continue;
            }
            WindowSpec window = spec.getWindow();
            switch (window.getKind()) {
                case TUMBLE -> {
                    long start = time - Math.floorMod(time - window.getOffsetMs(), window.getSizeMs());
                    group(start, start + window.getSizeMs(), keys, touched).rows.add(row);
                }
                case HOP -> {
                    for (long start = time - Math.floorMod(time - window.getOffsetMs(), window.getSlideMs());
                            start > time - window.getSizeMs(); start -= window.getSlideMs()) {
                        group(start, start + window.getSizeMs(), keys, touched).rows.add(row);
                    }
                }
                case CUMULATE -> {
                    long start = time - Math.floorMod(time - window.getOffsetMs(), window.getSizeMs());
                    for (long end = start + window.getSlideMs(); end <= start + window.getSizeMs();
                            end += window.getSlideMs()) {
                        if (end > time) {
                            group(start, end, keys, touched).rows.add(row);
                        }
                    }
                }
                case SESSION -> addToSession(time, time + window.getGapMs(), keys, row, touched);
                case KIND_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalStateException();
            }
        }
        boolean evicting = windowed && dropLate;
        List<List<Object>> output = new ArrayList<>();
        switch (mode) {
            case APPEND -> {
                for (Group group : List.copyOf(groups)) {
                    if (evicting && group.end <= watermark) {
                        output.add(result(group));
                        groups.remove(group);
                    }
                }
            }
            case UPDATE -> {
                for (Group group : groups) {
                    if (touched.contains(group)) {
                        output.add(result(group));
                    }
                }
                groups.removeIf(group -> evicting && group.end <= watermark);
            }
            case COMPLETE -> groups.forEach(group -> output.add(result(group)));
            case OUTPUT_MODE_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalStateException();
        }
        return new Expected(output, dropped, groups.size());
    }

    private Group group(long start, long end, List<Object> keys, Set<Group> touched) {
        for (Group group : groups) {
            if (group.start == start && group.end == end && group.keys.equals(keys)) {
                touched.add(group);
                return group;
            }
        }
        Group group = new Group(start, end, keys);
        groups.add(group);
        touched.add(group);
        return group;
    }

    /** Adds a row's session [start, end) to its key's sessions, merging every session it overlaps or touches. */
    private void addToSession(long start, long end, List<Object> keys, List<Object> row, Set<Group> touched) {
        Group merged = new Group(start, end, keys);
        merged.rows.add(row);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Group group : groups) {
                if (group.keys.equals(keys) && group.start <= merged.end && merged.start <= group.end) {
                    merged.start = Math.min(merged.start, group.start);
                    merged.end = Math.max(merged.end, group.end);
                    merged.rows.addAll(group.rows);
                    groups.remove(group);
                    touched.remove(group);
                    changed = true;
                    break;
                }
            }
        }
        groups.add(merged);
        touched.add(merged);
    }

    private List<Object> result(Group group) {
        List<Object> row = new ArrayList<>();
        if (spec.hasWindow()) {
            row.add(time(group.start));
            row.add(time(group.end));
            row.add(time(group.end - 1));
        }
        row.addAll(group.keys);
        for (AggregateCall call : spec.getCallsList()) {
            row.add(aggregate(call, group.rows));
        }
        return row;
    }

    private static Object aggregate(AggregateCall call, List<List<Object>> groupRows) {
        List<Object> values = new ArrayList<>();
        long rows = 0;
        for (List<Object> row : groupRows) {
            if (call.getFilterColumn() >= 0 && !Boolean.TRUE.equals(row.get(call.getFilterColumn()))) {
                continue;
            }
            rows++;
            if (call.getArgument() >= 0 && row.get(call.getArgument()) != null) {
                values.add(row.get(call.getArgument()));
            }
        }
        DataType.Kind result = call.getType().getKind();
        switch (call.getFunction()) {
            case COUNT_STAR -> {
                return rows;
            }
            case COUNT -> {
                return call.getDistinct() ? (long) new HashSet<>(values).size() : (long) values.size();
            }
            case MIN, MAX -> {
                Comparator<Object> order = ReferenceAggregation::compare;
                return values.stream().min(call.getFunction() == AggregateCall.Function.MIN ? order
                        : order.reversed()).orElse(null);
            }
            case SUM, AVG -> {
                if (values.isEmpty()) {
                    return null;
                }
                boolean average = call.getFunction() == AggregateCall.Function.AVG;
                Object first = values.get(0);
                if (first instanceof Double) {
                    double sum = 0;
                    for (Object value : values) {
                        sum += (Double) value;
                    }
                    return average ? sum / values.size() : sum;
                }
                if (first instanceof BigDecimal) {
                    BigDecimal sum = BigDecimal.ZERO;
                    for (Object value : values) {
                        sum = sum.add((BigDecimal) value);
                    }
                    int scale = call.getType().getScale();
                    return average ? sum.divide(BigDecimal.valueOf(values.size()), scale, RoundingMode.HALF_UP)
                            : sum.setScale(scale, RoundingMode.UNNECESSARY);
                }
                BigInteger sum = BigInteger.ZERO;
                for (Object value : values) {
                    sum = sum.add(BigInteger.valueOf(((Number) value).longValue()));
                }
                if (average && result == DataType.Kind.DOUBLE) {
                    return sum.doubleValue() / values.size();
                }
                BigInteger value = average ? sum.divide(BigInteger.valueOf(values.size())) : sum;
                return result == DataType.Kind.INT ? (Object) value.intValueExact() : (Object) value.longValueExact();
            }
            case FUNCTION_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalStateException();
        }
        throw new IllegalStateException();
    }

    /** SQL's order for MIN and MAX: strings by code point (UTF-8 bytes), doubles by Double.compare. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object left, Object right) {
        if (left instanceof String leftText) {
            return Arrays.compareUnsigned(leftText.getBytes(UTF_8), ((String) right).getBytes(UTF_8));
        }
        return ((Comparable) left).compareTo(right);
    }

    static Long millis(Object time) {
        return time == null ? null : ((LocalDateTime) time).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    static LocalDateTime time(long millis) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000) * 1_000_000,
                ZoneOffset.UTC);
    }

    /** Rows in a canonical order, to compare outputs whose order is the state's, not the reference's. */
    static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }

    static Map<String, Long> countsOf(List<List<Object>> rows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (List<Object> row : rows) {
            counts.merge(Objects.toString(row), 1L, Long::sum);
        }
        return counts;
    }
}
