package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.Call.Function;
import dev.sluice.planner.plan.proto.DataType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * EXTRACT, FLOOR / CEIL (timestamp or date TO unit), TIMESTAMPADD, TIMESTAMPDIFF and DATE_FORMAT, all in UTC on
 * epoch milliseconds (TIMESTAMP) or epoch days (DATE). The unit and, for DATE_FORMAT, the pattern are literals
 * resolved at plan time. Semantics follow Calcite: WEEK floors to Sunday, EXTRACT(WEEK) is the ISO week,
 * EXTRACT(SECOND) is whole seconds and EXTRACT(MILLISECOND) is the seconds and milliseconds in milliseconds
 * (12:34:56.789 gives 56789), TIMESTAMPDIFF counts whole units truncated toward zero.
 */
final class TemporalFunction extends VectorExpression {
    private final Function function;
    private final TimeUnit unit;
    /** EXTRACT / FLOOR / CEIL / DATE_FORMAT: the value; TIMESTAMPADD: amount, timestamp; TIMESTAMPDIFF: two values. */
    private final VectorExpression[] operands;
    private final DateTimeFormatter formatter;

    TemporalFunction(DataType type, String text, int slot, Function function, TimeUnit unit,
            VectorExpression[] operands, DateTimeFormatter formatter) {
        super(type, text, slot);
        this.function = function;
        this.unit = unit;
        this.operands = operands.clone();
        this.formatter = formatter;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column first = operands[0].evaluate(context, selection, count);
        Column second = operands.length > 1 ? operands[1].evaluate(context, selection, count) : null;
        Column result = context.column(slot(), Storage.of(type()));
        result.reset(count);
        if (second == null) {
            result.copyNullsFrom(first, count);
        } else {
            result.unionNulls(first, second, count);
        }
        boolean hasNulls = result.hasNulls;
        boolean[] nulls = result.nulls;
        switch (function) {
            case EXTRACT -> {
                boolean isDate = operands[0].type().getKind() == DataType.Kind.DATE;
                long[] in = first.longs;
                long[] out = result.longs;
                for (int i = 0; i < count; i++) {
                    out[i] = extract(unit, in[i], isDate);
                }
            }
            case FLOOR, CEIL -> {
                boolean isDate = operands[0].type().getKind() == DataType.Kind.DATE;
                boolean ceil = function == Function.CEIL;
                long[] in = first.longs;
                long[] out = result.longs;
                for (int i = 0; i < count; i++) {
                    if (hasNulls && nulls[i]) {
                        out[i] = 0;
                        continue;
                    }
                    out[i] = isDate
                            ? Math.floorDiv(round(in[i] * Temporal.MILLISECONDS_PER_DAY, unit, ceil),
                                    Temporal.MILLISECONDS_PER_DAY)
                            : round(in[i], unit, ceil);
                }
            }
            case TIMESTAMPADD -> {
                boolean isDate = type().getKind() == DataType.Kind.DATE;
                long[] amounts = first.longs;
                long[] in = second.longs;
                long[] out = result.longs;
                for (int i = 0; i < count; i++) {
                    if (hasNulls && nulls[i]) {
                        out[i] = 0;
                        continue;
                    }
                    out[i] = isDate ? addToDate(in[i], amounts[i]) : addToTimestamp(in[i], amounts[i]);
                }
            }
            case TIMESTAMPDIFF -> {
                long scale1 = operands[0].type().getKind() == DataType.Kind.DATE ? Temporal.MILLISECONDS_PER_DAY : 1;
                long scale2 = operands[1].type().getKind() == DataType.Kind.DATE ? Temporal.MILLISECONDS_PER_DAY : 1;
                boolean isInt = type().getKind() == DataType.Kind.INT;
                long[] out = result.longs;
                for (int i = 0; i < count; i++) {
                    if (hasNulls && nulls[i]) {
                        out[i] = 0;
                        continue;
                    }
                    long start = first.longs[i] * scale1;
                    long end = second.longs[i] * scale2;
                    long difference = unit.months() > 0
                            ? Temporal.monthsBetween(start, end) / unit.months()
                            : (end - start) / unit.milliseconds();
                    if (isInt && (difference < Integer.MIN_VALUE || difference > Integer.MAX_VALUE)) {
                        throw new ExpressionException("INT overflow in " + text() + ": " + difference);
                    }
                    out[i] = difference;
                }
            }
            case DATE_FORMAT -> {
                long[] in = first.longs;
                String[] out = result.strings;
                for (int i = 0; i < count; i++) {
                    out[i] = hasNulls && nulls[i] ? null
                            : formatter.format(Instant.ofEpochMilli(in[i]).atOffset(ZoneOffset.UTC));
                }
            }
            default -> throw new IllegalStateException("not a temporal function: " + function);
        }
        return result;
    }

    static long extract(TimeUnit unit, long value, boolean isDate) {
        long day = isDate ? value : Math.floorDiv(value, Temporal.MILLISECONDS_PER_DAY);
        long timeOfDay = isDate ? 0 : Math.floorMod(value, Temporal.MILLISECONDS_PER_DAY);
        return switch (unit) {
            case YEAR -> Temporal.year(day);
            case QUARTER -> (Temporal.month(day) + 2) / 3;
            case MONTH -> Temporal.month(day);
            case WEEK -> Temporal.isoWeek(day);
            case DAY -> Temporal.dayOfMonth(day);
            case HOUR -> timeOfDay / Temporal.MILLISECONDS_PER_HOUR;
            case MINUTE -> timeOfDay / Temporal.MILLISECONDS_PER_MINUTE % 60;
            case SECOND -> timeOfDay / Temporal.MILLISECONDS_PER_SECOND % 60;
            case MILLISECOND -> timeOfDay % Temporal.MILLISECONDS_PER_MINUTE;
            case DOW -> Temporal.isoDayOfWeek(day) % 7 + 1;
            case DOY -> Temporal.dayOfYear(day);
        };
    }

    /** FLOOR (or CEIL) of a timestamp to a unit; WEEK starts on Sunday as in Calcite. */
    static long round(long milliseconds, TimeUnit unit, boolean ceil) {
        long floor = switch (unit) {
            case YEAR, QUARTER, MONTH -> {
                long day = Math.floorDiv(milliseconds, Temporal.MILLISECONDS_PER_DAY);
                long year = Temporal.year(day);
                int month = Temporal.month(day);
                int firstMonth = unit == TimeUnit.YEAR ? 1 : unit == TimeUnit.QUARTER ? (month - 1) / 3 * 3 + 1 : month;
                yield Temporal.daysFromCivil(year, firstMonth, 1) * Temporal.MILLISECONDS_PER_DAY;
            }
            case WEEK -> {
                long day = Math.floorDiv(milliseconds, Temporal.MILLISECONDS_PER_DAY);
                // 1970-01-04 was a Sunday
                yield (day - Math.floorMod(day - 3, 7)) * Temporal.MILLISECONDS_PER_DAY;
            }
            case DAY, DOW, DOY, HOUR, MINUTE, SECOND, MILLISECOND ->
                    milliseconds - Math.floorMod(milliseconds, unit.milliseconds());
        };
        if (!ceil || floor == milliseconds) {
            return floor;
        }
        return switch (unit) {
            case YEAR, QUARTER, MONTH -> Temporal.addMonthsToDate(Math.floorDiv(floor, Temporal.MILLISECONDS_PER_DAY),
                    unit.months()) * Temporal.MILLISECONDS_PER_DAY;
            case WEEK, DAY, DOW, DOY, HOUR, MINUTE, SECOND, MILLISECOND -> floor + unit.milliseconds();
        };
    }

    private long addToTimestamp(long milliseconds, long amount) {
        try {
            if (unit.months() > 0) {
                return Temporal.addMonthsToTimestamp(milliseconds, Math.multiplyExact(amount, unit.months()), this);
            }
            return Math.addExact(milliseconds, Math.multiplyExact(amount, unit.milliseconds()));
        } catch (ArithmeticException e) {
            throw new ExpressionException("TIMESTAMP overflow in " + text() + ": " + amount + " " + unit);
        }
    }

    private long addToDate(long day, long amount) {
        if (unit.months() > 0) {
            return Temporal.addMonthsToDate(day, amount * unit.months());
        }
        return Math.floorDiv(addToTimestamp(day * Temporal.MILLISECONDS_PER_DAY, amount),
                Temporal.MILLISECONDS_PER_DAY);
    }
}
