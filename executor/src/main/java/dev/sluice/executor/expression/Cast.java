package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.DataType.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * CAST between the supported types, also used by the compiler for implicit widening (INT to BIGINT, integers to
 * DOUBLE or DECIMAL, DATE to TIMESTAMP). Rules, following Calcite:
 * <ul>
 *   <li>to INT / BIGINT from a wider integer, DECIMAL or DOUBLE: truncates toward zero; out of range is an error
 *       (Calcite's generated code narrows with a Java cast; we refuse to wrap around, as for arithmetic).
 *   <li>to DECIMAL(p, s): rounds HALF_UP to s digits; more than p digits is an error. From DOUBLE the shortest
 *       decimal text of the double is rounded (CAST(2.675E0 AS DECIMAL(3, 2)) = 2.68).
 *   <li>from VARCHAR: leading and trailing spaces are ignored; a string that is not a value of the type is an
 *       error naming the string. BOOLEAN accepts TRUE / FALSE in any case, DATE {@code yyyy-MM-dd}, TIMESTAMP
 *       {@code yyyy-MM-dd HH:mm:ss[.SSS]} (or a bare date).
 *   <li>to VARCHAR: BOOLEAN as TRUE / FALSE, DOUBLE as Double.toString (as Calcite), DECIMAL as plain text
 *       with its scale, DATE as {@code yyyy-MM-dd}, TIMESTAMP as {@code yyyy-MM-dd HH:mm:ss.SSS}.
 *   <li>DATE to TIMESTAMP is midnight UTC; TIMESTAMP to DATE takes the UTC day (floor).
 * </ul>
 */
final class Cast extends VectorExpression {
    private final VectorExpression operand;
    private final Kind from;
    private final Kind to;

    Cast(DataType type, String text, int slot, VectorExpression operand) {
        super(type, text, slot);
        this.operand = operand;
        this.from = operand.type().getKind();
        this.to = type.getKind();
        if (!isSupported(from, to)) {
            throw new ExpressionException("cannot CAST " + from + " to " + to + " in " + text);
        }
    }

    static boolean isSupported(Kind from, Kind to) {
        if (from == to || to == Kind.VARCHAR) {
            return true;
        }
        if (from == Kind.VARCHAR) {
            return to != Kind.INTERVAL_DAY_TIME && to != Kind.INTERVAL_YEAR_MONTH && Storage.isValueKind(to);
        }
        return switch (to) {
            case INT, BIGINT, DOUBLE, DECIMAL -> from == Kind.INT || from == Kind.BIGINT || from == Kind.DOUBLE
                    || from == Kind.DECIMAL;
            case DATE -> from == Kind.TIMESTAMP;
            case TIMESTAMP -> from == Kind.DATE;
            case INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH -> from == Kind.INT || from == Kind.BIGINT;
            case BOOLEAN, VARCHAR, NULL, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED -> false;
        };
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column input = operand.evaluate(context, selection, count);
        Column result = context.column(slot(), Storage.of(type()));
        result.reset(count);
        result.copyNullsFrom(input, count);
        boolean hasNulls = input.hasNulls;
        boolean[] nulls = input.nulls;
        switch (to) {
            case BOOLEAN -> {
                if (from == Kind.BOOLEAN) {
                    System.arraycopy(input.booleans, 0, result.booleans, 0, count);
                } else {
                    for (int i = 0; i < count; i++) {
                        if (!(hasNulls && nulls[i])) {
                            result.booleans[i] = parseBoolean(input.strings[i]);
                        }
                    }
                }
            }
            case INT, BIGINT, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH -> toLong(input, result, count);
            case DOUBLE -> toDouble(input, result, count);
            case DECIMAL -> toDecimal(input, result, count);
            case VARCHAR -> toVarchar(input, result, count);
            case DATE -> {
                long[] out = result.longs;
                if (from == Kind.DATE) {
                    System.arraycopy(input.longs, 0, out, 0, count);
                } else if (from == Kind.TIMESTAMP) {
                    for (int i = 0; i < count; i++) {
                        out[i] = Math.floorDiv(input.longs[i], Temporal.MILLISECONDS_PER_DAY);
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        if (!(hasNulls && nulls[i])) {
                            out[i] = DateTimeText.parseDate(input.strings[i].strip(), this);
                        }
                    }
                }
            }
            case TIMESTAMP -> {
                long[] out = result.longs;
                if (from == Kind.TIMESTAMP) {
                    System.arraycopy(input.longs, 0, out, 0, count);
                } else if (from == Kind.DATE) {
                    for (int i = 0; i < count; i++) {
                        out[i] = input.longs[i] * Temporal.MILLISECONDS_PER_DAY;
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        if (!(hasNulls && nulls[i])) {
                            out[i] = DateTimeText.parseTimestamp(input.strings[i].strip(), this);
                        }
                    }
                }
            }
            case NULL, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalStateException("CAST to " + to);
        }
        return result;
    }

    private boolean parseBoolean(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw badString(text);
    }

    private void toLong(Column input, Column result, int count) {
        long[] out = result.longs;
        boolean hasNulls = input.hasNulls;
        boolean[] nulls = input.nulls;
        long minimum = to == Kind.INT ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long maximum = to == Kind.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
        switch (from) {
            case INT, BIGINT, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH -> {
                long[] in = input.longs;
                for (int i = 0; i < count; i++) {
                    long value = in[i];
                    if ((value < minimum || value > maximum) && !(hasNulls && nulls[i])) {
                        throw outOfRange(Long.toString(value));
                    }
                    out[i] = value;
                }
            }
            case DOUBLE -> {
                double[] in = input.doubles;
                double lowerExclusive = to == Kind.INT ? -2147483649.0 : Math.nextDown(-0x1p63);
                double upperExclusive = to == Kind.INT ? 2147483648.0 : 0x1p63;
                for (int i = 0; i < count; i++) {
                    double value = in[i];
                    // Truncates toward zero, as Java's (long) cast and Calcite do; NaN and out-of-range values fail.
                    if (!(value > lowerExclusive && value < upperExclusive) && !(hasNulls && nulls[i])) {
                        throw outOfRange(Double.toString(value));
                    }
                    out[i] = (long) value;
                }
            }
            case DECIMAL -> {
                for (int i = 0; i < count; i++) {
                    if (hasNulls && nulls[i]) {
                        out[i] = 0;
                        continue;
                    }
                    BigDecimal value = input.decimals[i].setScale(0, RoundingMode.DOWN);
                    if (value.compareTo(BigDecimal.valueOf(minimum)) < 0
                            || value.compareTo(BigDecimal.valueOf(maximum)) > 0) {
                        throw outOfRange(input.decimals[i].toPlainString());
                    }
                    out[i] = value.longValue();
                }
            }
            case VARCHAR -> {
                for (int i = 0; i < count; i++) {
                    if (hasNulls && nulls[i]) {
                        out[i] = 0;
                        continue;
                    }
                    String text = input.strings[i];
                    long value;
                    try {
                        value = Long.parseLong(text.strip());
                    } catch (NumberFormatException e) {
                        throw badString(text);
                    }
                    if (value < minimum || value > maximum) {
                        throw outOfRange(text);
                    }
                    out[i] = value;
                }
            }
            case BOOLEAN, DATE, TIMESTAMP, NULL, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalStateException("CAST from " + from);
        }
    }

    private void toDouble(Column input, Column result, int count) {
        double[] out = result.doubles;
        boolean hasNulls = input.hasNulls;
        boolean[] nulls = input.nulls;
        switch (from) {
            case DOUBLE -> System.arraycopy(input.doubles, 0, out, 0, count);
            case INT, BIGINT -> {
                long[] in = input.longs;
                for (int i = 0; i < count; i++) {
                    out[i] = in[i];
                }
            }
            case DECIMAL -> {
                for (int i = 0; i < count; i++) {
                    out[i] = hasNulls && nulls[i] ? 0 : input.decimals[i].doubleValue();
                }
            }
            case VARCHAR -> {
                for (int i = 0; i < count; i++) {
                    if (hasNulls && nulls[i]) {
                        out[i] = 0;
                        continue;
                    }
                    try {
                        out[i] = Double.parseDouble(input.strings[i].strip());
                    } catch (NumberFormatException e) {
                        throw badString(input.strings[i]);
                    }
                }
            }
            case BOOLEAN, DATE, TIMESTAMP, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, NULL, TIME_UNIT, KIND_UNSPECIFIED,
                    UNRECOGNIZED -> throw new IllegalStateException("CAST from " + from);
        }
    }

    private void toDecimal(Column input, Column result, int count) {
        BigDecimal[] out = result.decimals;
        boolean hasNulls = input.hasNulls;
        boolean[] nulls = input.nulls;
        int precision = type().getPrecision();
        int scale = type().getScale();
        for (int i = 0; i < count; i++) {
            if (hasNulls && nulls[i]) {
                out[i] = null;
                continue;
            }
            BigDecimal value = switch (from) {
                case INT, BIGINT -> BigDecimal.valueOf(input.longs[i]);
                case DOUBLE -> {
                    double number = input.doubles[i];
                    if (Double.isNaN(number) || Double.isInfinite(number)) {
                        throw outOfRange(Double.toString(number));
                    }
                    yield BigDecimal.valueOf(number);
                }
                case DECIMAL -> input.decimals[i];
                case VARCHAR -> {
                    try {
                        yield new BigDecimal(input.strings[i].strip());
                    } catch (NumberFormatException e) {
                        throw badString(input.strings[i]);
                    }
                }
                case BOOLEAN, DATE, TIMESTAMP, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, NULL, TIME_UNIT,
                        KIND_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalStateException("CAST from " + from);
            };
            out[i] = Decimals.fit(value, precision, scale, this, value.toPlainString());
        }
    }

    private void toVarchar(Column input, Column result, int count) {
        String[] out = result.strings;
        boolean hasNulls = input.hasNulls;
        boolean[] nulls = input.nulls;
        for (int i = 0; i < count; i++) {
            if (hasNulls && nulls[i]) {
                out[i] = null;
                continue;
            }
            out[i] = switch (from) {
                case BOOLEAN -> input.booleans[i] ? "TRUE" : "FALSE";
                case INT, BIGINT, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH -> Long.toString(input.longs[i]);
                case DOUBLE -> Double.toString(input.doubles[i]);
                case DECIMAL -> input.decimals[i].toPlainString();
                case VARCHAR -> input.strings[i];
                case DATE -> DateTimeText.formatDate(input.longs[i]);
                case TIMESTAMP -> DateTimeText.formatTimestamp(input.longs[i]);
                case NULL, TIME_UNIT, KIND_UNSPECIFIED, UNRECOGNIZED ->
                        throw new IllegalStateException("CAST from " + from);
            };
        }
    }

    private ExpressionException badString(String text) {
        return new ExpressionException("cannot CAST '" + text + "' to " + typeName() + " in " + text());
    }

    private ExpressionException outOfRange(String value) {
        return new ExpressionException(typeName() + " overflow in " + text() + ": " + value + " is out of range");
    }

    private String typeName() {
        return to == Kind.DECIMAL ? "DECIMAL(" + type().getPrecision() + ", " + type().getScale() + ")" : to.name();
    }
}
