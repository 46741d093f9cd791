package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.Call.Function;
import dev.sluice.planner.plan.proto.DataType;
import java.util.Locale;

/**
 * UPPER, LOWER (Locale.ROOT, so the result never depends on the machine's locale), SUBSTRING and CHAR_LENGTH
 * (Unicode code points), TRIM BOTH / LEADING / TRAILING, POSITION (1-based code point index, 0 when absent) and
 * CONCAT (NULL if any operand is NULL). NULL in, NULL out.
 */
final class StringFunction extends VectorExpression {
    private final Function function;
    private final VectorExpression[] operands;

    StringFunction(DataType type, String text, int slot, Function function, VectorExpression[] operands) {
        super(type, text, slot);
        this.function = function;
        this.operands = operands.clone();
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column[] values = new Column[operands.length];
        for (int k = 0; k < operands.length; k++) {
            values[k] = operands[k].evaluate(context, selection, count);
        }
        Column result = context.column(slot(), Storage.of(type()));
        result.reset(count);
        result.copyNullsFrom(values[0], count);
        for (int k = 1; k < values.length; k++) {
            if (values[k].hasNulls) {
                result.ensureNullFlags();
                boolean[] nulls = values[k].nulls;
                for (int i = 0; i < count; i++) {
                    result.nulls[i] |= nulls[i];
                }
            }
        }
        boolean hasNulls = result.hasNulls;
        boolean[] nulls = result.nulls;
        Column first = values[0];
        switch (function) {
            case UPPER, LOWER -> {
                boolean upper = function == Function.UPPER;
                for (int i = 0; i < count; i++) {
                    if (!(hasNulls && nulls[i])) {
                        String value = first.strings[i];
                        result.strings[i] = upper ? value.toUpperCase(Locale.ROOT) : value.toLowerCase(Locale.ROOT);
                    } else {
                        result.strings[i] = null;
                    }
                }
            }
            case CHAR_LENGTH -> {
                for (int i = 0; i < count; i++) {
                    result.longs[i] = hasNulls && nulls[i] ? 0
                            : first.strings[i].codePointCount(0, first.strings[i].length());
                }
            }
            case SUBSTRING -> {
                Column start = values[1];
                Column length = values.length > 2 ? values[2] : null;
                for (int i = 0; i < count; i++) {
                    result.strings[i] = hasNulls && nulls[i] ? null
                            : substring(first.strings[i], start.longs[i], length == null ? -1 : length.longs[i],
                                    length != null);
                }
            }
            case TRIM_BOTH, TRIM_LEADING, TRIM_TRAILING -> {
                Column value = values[1];
                boolean leading = function != Function.TRIM_TRAILING;
                boolean trailing = function != Function.TRIM_LEADING;
                for (int i = 0; i < count; i++) {
                    result.strings[i] = hasNulls && nulls[i] ? null
                            : trim(first.strings[i], value.strings[i], leading, trailing);
                }
            }
            case POSITION -> {
                Column haystack = values[1];
                Column from = values.length > 2 ? values[2] : null;
                for (int i = 0; i < count; i++) {
                    result.longs[i] = hasNulls && nulls[i] ? 0
                            : position(first.strings[i], haystack.strings[i], from == null ? 1 : from.longs[i]);
                }
            }
            case CONCAT -> {
                StringBuilder builder = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    if (hasNulls && nulls[i]) {
                        result.strings[i] = null;
                        continue;
                    }
                    builder.setLength(0);
                    for (Column value : values) {
                        builder.append(value.strings[i]);
                    }
                    result.strings[i] = builder.toString();
                }
            }
            default -> throw new IllegalStateException("not a string function: " + function);
        }
        return result;
    }

    /**
     * SQL SUBSTRING(value FROM start [FOR length]) over code points: the characters at positions
     * [start, start + length) that exist, so a start before 1 eats into the length. A negative length is an error.
     */
    private String substring(String value, long start, long length, boolean hasLength) {
        if (hasLength && length < 0) {
            throw new ExpressionException("negative length " + length + " in " + text());
        }
        int codePoints = value.codePointCount(0, value.length());
        long first = Math.max(start, 1);
        long end = hasLength ? Math.min(start + length, (long) codePoints + 1) : (long) codePoints + 1;
        if (end <= first || first > codePoints) {
            return "";
        }
        int beginIndex = value.offsetByCodePoints(0, (int) first - 1);
        int endIndex = value.offsetByCodePoints(beginIndex, (int) (end - first));
        return value.substring(beginIndex, endIndex);
    }

    /** TRIM of one character (a code point), as SQL and Calcite require. */
    private String trim(String characters, String value, boolean leading, boolean trailing) {
        if (characters.codePointCount(0, characters.length()) != 1) {
            throw new ExpressionException("TRIM characters must be exactly one character, not '" + characters
                    + "', in " + text());
        }
        int start = 0;
        int end = value.length();
        if (leading) {
            while (value.startsWith(characters, start) && start < end) {
                start += characters.length();
            }
        }
        if (trailing) {
            while (end - characters.length() >= start && value.startsWith(characters, end - characters.length())) {
                end -= characters.length();
            }
        }
        return value.substring(start, end);
    }

    /** 1-based code point position of needle in haystack at or after code point {@code from}; 0 if absent. */
    private static long position(String needle, String haystack, long from) {
        int codePoints = haystack.codePointCount(0, haystack.length());
        if (from < 1 || from > codePoints + 1L) {
            return 0;
        }
        int fromIndex = haystack.offsetByCodePoints(0, (int) from - 1);
        int index = haystack.indexOf(needle, fromIndex);
        if (index < 0) {
            return 0;
        }
        return haystack.codePointCount(0, index) + 1L;
    }
}
