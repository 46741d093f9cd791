package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.Call.Function;
import dev.sluice.planner.plan.proto.DataType;

/**
 * =, <>, <, <=, >, >= (NULL if either side is NULL) and IS [NOT] DISTINCT FROM (never NULL), with both operands
 * already converted to one storage by the compiler. VARCHAR compares by Unicode code point, which is also the order
 * of the UTF-8 bytes; DECIMAL by value (1.0 = 1.00); DOUBLE by Java's total order for NaN and -0.0 aside, as the
 * IEEE comparison operators give.
 */
final class Comparison extends VectorExpression {
    private final Function function;
    private final VectorExpression left;
    private final VectorExpression right;

    Comparison(DataType type, String text, int slot, Function function, VectorExpression left,
            VectorExpression right) {
        super(type, text, slot);
        this.function = function;
        this.left = left;
        this.right = right;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column a = left.evaluate(context, selection, count);
        Column b = right.evaluate(context, selection, count);
        Column result = context.column(slot(), Storage.BOOLEAN);
        result.reset(count);
        boolean distinct = function == Function.IS_DISTINCT_FROM || function == Function.IS_NOT_DISTINCT_FROM;
        if (!distinct) {
            result.unionNulls(a, b, count);
        }
        boolean[] out = result.booleans;
        Function operator = distinct ? Function.NOT_EQUALS : function;
        switch (a.storage()) {
            case LONG -> compareLongs(operator, a.longs, b.longs, out, count);
            case DOUBLE -> {
                double[] x = a.doubles;
                double[] y = b.doubles;
                switch (operator) {
                    case EQUALS -> {
                        for (int i = 0; i < count; i++) {
                            out[i] = x[i] == y[i];
                        }
                    }
                    case NOT_EQUALS -> {
                        for (int i = 0; i < count; i++) {
                            out[i] = x[i] != y[i];
                        }
                    }
                    case LESS_THAN -> {
                        for (int i = 0; i < count; i++) {
                            out[i] = x[i] < y[i];
                        }
                    }
                    case LESS_THAN_OR_EQUAL -> {
                        for (int i = 0; i < count; i++) {
                            out[i] = x[i] <= y[i];
                        }
                    }
                    case GREATER_THAN -> {
                        for (int i = 0; i < count; i++) {
                            out[i] = x[i] > y[i];
                        }
                    }
                    case GREATER_THAN_OR_EQUAL -> {
                        for (int i = 0; i < count; i++) {
                            out[i] = x[i] >= y[i];
                        }
                    }
                    default -> throw new IllegalStateException("not a comparison: " + operator);
                }
            }
            case BOOLEAN -> {
                boolean[] x = a.booleans;
                boolean[] y = b.booleans;
                for (int i = 0; i < count; i++) {
                    out[i] = outcome(operator, Boolean.compare(x[i], y[i]));
                }
            }
            case DECIMAL -> {
                for (int i = 0; i < count; i++) {
                    out[i] = !isEitherNull(a, b, i) && outcome(operator, a.decimals[i].compareTo(b.decimals[i]));
                }
            }
            case STRING -> {
                for (int i = 0; i < count; i++) {
                    out[i] = !isEitherNull(a, b, i)
                            && outcome(operator, compareCodePoints(a.strings[i], b.strings[i]));
                }
            }
        }
        if (distinct) {
            applyDistinct(a, b, out, count);
            result.hasNulls = false;
        }
        return result;
    }

    private static boolean isEitherNull(Column a, Column b, int row) {
        return (a.hasNulls && a.nulls[row]) || (b.hasNulls && b.nulls[row]);
    }

    private void applyDistinct(Column a, Column b, boolean[] out, int count) {
        boolean isNotDistinct = function == Function.IS_NOT_DISTINCT_FROM;
        for (int i = 0; i < count; i++) {
            boolean nullA = a.hasNulls && a.nulls[i];
            boolean nullB = b.hasNulls && b.nulls[i];
            boolean isDistinct = nullA || nullB ? nullA != nullB : out[i];
            out[i] = isNotDistinct != isDistinct;
        }
    }

    private static void compareLongs(Function operator, long[] x, long[] y, boolean[] out, int count) {
        switch (operator) {
            case EQUALS -> {
                for (int i = 0; i < count; i++) {
                    out[i] = x[i] == y[i];
                }
            }
            case NOT_EQUALS -> {
                for (int i = 0; i < count; i++) {
                    out[i] = x[i] != y[i];
                }
            }
            case LESS_THAN -> {
                for (int i = 0; i < count; i++) {
                    out[i] = x[i] < y[i];
                }
            }
            case LESS_THAN_OR_EQUAL -> {
                for (int i = 0; i < count; i++) {
                    out[i] = x[i] <= y[i];
                }
            }
            case GREATER_THAN -> {
                for (int i = 0; i < count; i++) {
                    out[i] = x[i] > y[i];
                }
            }
            case GREATER_THAN_OR_EQUAL -> {
                for (int i = 0; i < count; i++) {
                    out[i] = x[i] >= y[i];
                }
            }
            default -> throw new IllegalStateException("not a comparison: " + operator);
        }
    }

    private static boolean outcome(Function operator, int comparison) {
        return switch (operator) {
            case EQUALS -> comparison == 0;
            case NOT_EQUALS -> comparison != 0;
            case LESS_THAN -> comparison < 0;
            case LESS_THAN_OR_EQUAL -> comparison <= 0;
            case GREATER_THAN -> comparison > 0;
            case GREATER_THAN_OR_EQUAL -> comparison >= 0;
            default -> throw new IllegalStateException("not a comparison: " + operator);
        };
    }

    /**
     * Compares two strings by Unicode code point. String.compareTo compares UTF-16 units, which orders a
     * supplementary character (a surrogate pair, 0xD800..0xDFFF) before 0xE000..0xFFFF; shifting those two ranges
     * at the first difference restores code point order (the UTF-8 byte order).
     */
    static int compareCodePoints(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    x = x >= 0xE000 ? (char) (x - 0x800) : (char) (x + 0x2000);
                    y = y >= 0xE000 ? (char) (y - 0x800) : (char) (y + 0x2000);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
