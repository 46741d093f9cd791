package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.Call.Function;
import dev.sluice.planner.plan.proto.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Binary arithmetic: +, -, *, /, MOD. The compiler has already converted both operands to the storage the
 * operation runs in, so each case below is one loop over two primitive arrays.
 *
 * <p>Integer overflow is an error (checked with the sign trick of Math.addExact inline, and by the bounds of INT
 * when the result is INT); integer division truncates toward zero and MOD takes the dividend's sign (Java's / and
 * %); division or MOD by zero is an error; DOUBLE follows IEEE 754. Errors are raised only for non-null rows: the
 * value a primitive column holds at a null row is arbitrary, so every error path checks the null flag first.
 */
final class Arithmetic extends VectorExpression {
    /** How the operation runs. */
    enum Mode {
        /** INT or BIGINT (or interval / timestamp millis) in longs, with overflow checks against min..max. */
        EXACT_LONG,
        DOUBLE,
        /** BigDecimal, rounded HALF_UP to the result scale, overflow of the result precision is an error. */
        DECIMAL,
        /** DATE (days) plus or minus a day-time interval (milliseconds): whole days. */
        DATE_PLUS_MILLISECONDS,
        /** DATE or TIMESTAMP plus or minus a year-month interval (months). */
        PLUS_MONTHS
    }

    private final Function function;
    private final Mode mode;
    private final VectorExpression left;
    private final VectorExpression right;
    private final long minimum;
    private final long maximum;
    private final String typeName;
    /** The divisor when the right operand is a non-null integer literal, else 0. */
    private final long constantDivisor;
    /** The factor when the right operand of TIMES is a positive integer literal, else 0. */
    private final long constantFactor;
    /** With {@link #constantFactor}: the operands whose product stays within minimum..maximum. */
    private final long largestOperand;
    private final long smallestOperand;

    Arithmetic(DataType type, String text, int slot, Function function, Mode mode, VectorExpression left,
            VectorExpression right) {
        super(type, text, slot);
        this.function = function;
        this.mode = mode;
        this.left = left;
        this.right = right;
        boolean isInt = type.getKind() == DataType.Kind.INT;
        this.minimum = isInt ? Integer.MIN_VALUE : Long.MIN_VALUE;
        this.maximum = isInt ? Integer.MAX_VALUE : Long.MAX_VALUE;
        this.constantDivisor = mode == Mode.EXACT_LONG && right instanceof Constant constant
                && constant.value() instanceof Long value && value > -ESTIMATE_LIMIT && value < ESTIMATE_LIMIT
                ? value : 0;
        this.constantFactor = mode == Mode.EXACT_LONG && function == Function.TIMES
                && right instanceof Constant constant && constant.value() instanceof Long value && value > 0
                ? value : 0;
        // x * c (c > 0) stays in range iff minimum / c <= x <= maximum / c (division truncating toward zero)
        this.largestOperand = constantFactor > 0 ? maximum / constantFactor : 0;
        this.smallestOperand = constantFactor > 0 ? minimum / constantFactor : 0;
        this.typeName = type.getKind() == DataType.Kind.DECIMAL
                ? "DECIMAL(" + type.getPrecision() + ", " + type.getScale() + ")" : type.getKind().name();
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column a = left.evaluate(context, selection, count);
        Column b = right.evaluate(context, selection, count);
        Column result = context.column(slot(), Storage.of(type()));
        result.reset(count);
        result.unionNulls(a, b, count);
        switch (mode) {
            case EXACT_LONG -> exactLong(a.longs, b.longs, result, count);
            case DOUBLE -> doubles(a.doubles, b.doubles, result.doubles, count);
            case DECIMAL -> decimals(a.decimals, b.decimals, result, count);
            case DATE_PLUS_MILLISECONDS -> datePlusMilliseconds(a.longs, b.longs, result, count);
            case PLUS_MONTHS -> plusMonths(a.longs, b.longs, result, count);
        }
        return result;
    }

    private void exactLong(long[] a, long[] b, Column result, int count) {
        long[] out = result.longs;
        boolean narrow = minimum != Long.MIN_VALUE || maximum != Long.MAX_VALUE;
        switch (function) {
            case PLUS -> {
                for (int i = 0; i < count; i++) {
                    long x = a[i];
                    long y = b[i];
                    long r = x + y;
                    if (((x ^ r) & (y ^ r)) < 0 || (narrow && (r < minimum || r > maximum))) {
                        r = overflow(result, i, x, y);
                    }
                    out[i] = r;
                }
            }
            case MINUS -> {
                for (int i = 0; i < count; i++) {
                    long x = a[i];
                    long y = b[i];
                    long r = x - y;
                    if (((x ^ y) & (x ^ r)) < 0 || (narrow && (r < minimum || r > maximum))) {
                        r = overflow(result, i, x, y);
                    }
                    out[i] = r;
                }
            }
            case TIMES -> {
                if (constantFactor > 0) {
                    timesConstant(a, result, count);
                    return;
                }
                for (int i = 0; i < count; i++) {
                    long x = a[i];
                    long y = b[i];
                    long r = x * y;
                    long high = Math.multiplyHigh(x, y);
                    // the product fits in 64 bits iff the high half is the sign extension of the low half
                    if (high != (r >> 63) || (narrow && (r < minimum || r > maximum))) {
                        r = overflow(result, i, x, y);
                    }
                    out[i] = r;
                }
            }
            case DIVIDE -> {
                if (constantDivisor != 0 && constantDivisor != -1) {
                    divideByConstant(a, out, count);
                    return;
                }
                for (int i = 0; i < count; i++) {
                    long x = a[i];
                    long y = b[i];
                    long r;
                    if (y == 0) {
                        r = divisionByZero(result, i, x);
                    } else if (y == -1 && x == minimum) {
                        r = overflow(result, i, x, y);
                    } else {
                        r = x / y;
                    }
                    out[i] = r;
                }
            }
            case MOD -> {
                if (constantDivisor != 0 && constantDivisor != -1) {
                    modByConstant(a, out, count);
                    return;
                }
                for (int i = 0; i < count; i++) {
                    long x = a[i];
                    long y = b[i];
                    out[i] = y == 0 ? divisionByZero(result, i, x) : x % y;
                }
            }
            default -> throw new IllegalStateException("not arithmetic: " + function);
        }
    }

    /*
     * Division by a literal: a 64-bit integer division costs tens of cycles, more than everything else in a simple
     * filter. For a divisor and a dividend both below 2^40 in magnitude the quotient estimated in double precision, x * (1 / d), is off by at most one
     * (relative error about 2^-52 on a quotient below 2^40), and the remainder check below corrects it exactly;
     * larger dividends take the plain division. Java's / truncates toward zero and % takes the dividend's sign.
     */

    private static final long ESTIMATE_LIMIT = 1L << 40;

    private void divideByConstant(long[] a, long[] out, int count) {
        long d = constantDivisor;
        double inverse = 1.0 / d;
        long magnitude = Math.abs(d);
        long sign = d < 0 ? -1 : 1;
        for (int i = 0; i < count; i++) {
            long x = a[i];
            if (x > -ESTIMATE_LIMIT && x < ESTIMATE_LIMIT) {
                long q = (long) (x * inverse);
                long r = x - q * d;
                if (x >= 0) {
                    if (r < 0) {
                        q -= sign;
                    } else if (r >= magnitude) {
                        q += sign;
                    }
                } else if (r > 0) {
                    q += sign;
                } else if (r <= -magnitude) {
                    q -= sign;
                }
                out[i] = q;
            } else {
                out[i] = x / d;
            }
        }
    }

    /*
     * Multiplication by a positive literal: the operand's range decides overflow, so the loop is a multiply and two
     * comparisons without a branch (no 128-bit product per row); a second pass finds the row to report.
     */
    private void timesConstant(long[] a, Column result, int count) {
        long[] out = result.longs;
        long factor = constantFactor;
        long largest = largestOperand;
        long smallest = smallestOperand;
        boolean outOfRange = false;
        for (int i = 0; i < count; i++) {
            long x = a[i];
            out[i] = x * factor;
            outOfRange |= x > largest | x < smallest;
        }
        if (outOfRange) {
            for (int i = 0; i < count; i++) {
                if (a[i] > largest || a[i] < smallest) {
                    out[i] = overflow(result, i, a[i], factor); // 0 for a NULL row, else the error
                }
            }
        }
    }

    private void modByConstant(long[] a, long[] out, int count) {
        long d = constantDivisor;
        double inverse = 1.0 / d;
        long magnitude = Math.abs(d);
        for (int i = 0; i < count; i++) {
            long x = a[i];
            if (x > -ESTIMATE_LIMIT && x < ESTIMATE_LIMIT) {
                long r = x - (long) (x * inverse) * d;
                if (x >= 0) {
                    if (r < 0) {
                        r += magnitude;
                    } else if (r >= magnitude) {
                        r -= magnitude;
                    }
                } else if (r > 0) {
                    r -= magnitude;
                } else if (r <= -magnitude) {
                    r += magnitude;
                }
                out[i] = r;
            } else {
                out[i] = x % d;
            }
        }
    }

    private void doubles(double[] a, double[] b, double[] out, int count) {
        switch (function) {
            case PLUS -> {
                for (int i = 0; i < count; i++) {
                    out[i] = a[i] + b[i];
                }
            }
            case MINUS -> {
                for (int i = 0; i < count; i++) {
                    out[i] = a[i] - b[i];
                }
            }
            case TIMES -> {
                for (int i = 0; i < count; i++) {
                    out[i] = a[i] * b[i];
                }
            }
            case DIVIDE -> {
                for (int i = 0; i < count; i++) {
                    out[i] = a[i] / b[i];
                }
            }
            case MOD -> {
                for (int i = 0; i < count; i++) {
                    out[i] = a[i] % b[i];
                }
            }
            default -> throw new IllegalStateException("not arithmetic: " + function);
        }
    }

    private void decimals(BigDecimal[] a, BigDecimal[] b, Column result, int count) {
        BigDecimal[] out = result.decimals;
        boolean hasNulls = result.hasNulls;
        boolean[] nulls = result.nulls;
        int scale = type().getScale();
        int precision = type().getPrecision();
        for (int i = 0; i < count; i++) {
            if (hasNulls && nulls[i]) {
                out[i] = null;
                continue;
            }
            BigDecimal x = a[i];
            BigDecimal y = b[i];
            BigDecimal r = switch (function) {
                case PLUS -> x.add(y);
                case MINUS -> x.subtract(y);
                case TIMES -> x.multiply(y);
                case DIVIDE -> {
                    if (y.signum() == 0) {
                        throw divisionByZeroError(x);
                    }
                    yield x.divide(y, scale, RoundingMode.HALF_UP);
                }
                case MOD -> {
                    if (y.signum() == 0) {
                        throw divisionByZeroError(x);
                    }
                    yield x.remainder(y);
                }
                default -> throw new IllegalStateException("not arithmetic: " + function);
            };
            out[i] = Decimals.fit(r, precision, scale, this, x + " " + operatorText() + " " + y);
        }
    }

    private void datePlusMilliseconds(long[] days, long[] milliseconds, Column result, int count) {
        long[] out = result.longs;
        boolean negate = function == Function.MINUS;
        for (int i = 0; i < count; i++) {
            long delta = Math.floorDiv(milliseconds[i], Temporal.MILLISECONDS_PER_DAY);
            out[i] = negate ? days[i] - delta : days[i] + delta;
        }
    }

    private void plusMonths(long[] values, long[] months, Column result, int count) {
        long[] out = result.longs;
        boolean isDate = type().getKind() == DataType.Kind.DATE;
        boolean negate = function == Function.MINUS;
        boolean hasNulls = result.hasNulls;
        boolean[] nulls = result.nulls;
        for (int i = 0; i < count; i++) {
            if (hasNulls && nulls[i]) {
                out[i] = 0;
                continue;
            }
            long delta = negate ? -months[i] : months[i];
            out[i] = isDate ? Temporal.addMonthsToDate(values[i], delta)
                    : Temporal.addMonthsToTimestamp(values[i], delta, this);
        }
    }

    private long overflow(Column result, int row, long x, long y) {
        if (result.hasNulls && result.nulls[row]) {
            return 0;
        }
        throw new ExpressionException(typeName + " overflow in " + text() + ": " + x + " " + operatorText()
                + " " + y);
    }

    private long divisionByZero(Column result, int row, long x) {
        if (result.hasNulls && result.nulls[row]) {
            return 0;
        }
        throw divisionByZeroError(x);
    }

    private ExpressionException divisionByZeroError(Object x) {
        return new ExpressionException("division by zero in " + text() + ": " + x + " " + operatorText() + " 0");
    }

    private String operatorText() {
        return switch (function) {
            case PLUS -> "+";
            case MINUS -> "-";
            case TIMES -> "*";
            case DIVIDE -> "/";
            case MOD -> "%";
            default -> function.name();
        };
    }
}
