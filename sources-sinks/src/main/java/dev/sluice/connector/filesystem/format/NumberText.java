package dev.sluice.connector.filesystem.format;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Reads and writes numbers and booleans as ASCII bytes, straight from and into byte arrays, so that a file
 * reader or writer needs no {@code String} per value in the common cases.
 *
 * <p>Accepted input: an optional {@code +} or {@code -}, then digits (and for DOUBLE and DECIMAL a fraction and
 * an exponent). No spaces, no thousands separators, no type suffixes ({@code 1L}, {@code 1d}); anything else
 * is a {@link ValueFormatException}.
 */
public final class NumberText {
    /** The longest text {@link #writeLong} and {@link #writeDecimal} produce for a long unscaled value. */
    public static final int MAX_LONG_TEXT = 21;

    /** Powers of ten that a double holds exactly: 10^0 to 10^22. */
    private static final double[] EXACT_POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22
    };
    private static final long[] LONG_POWERS_OF_TEN = new long[19];

    static {
        LONG_POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < LONG_POWERS_OF_TEN.length; i++) {
            LONG_POWERS_OF_TEN[i] = LONG_POWERS_OF_TEN[i - 1] * 10;
        }
    }

    /** Doubles hold every integer up to 2^53 exactly. */
    private static final long MAX_EXACT_DOUBLE_INTEGER = 1L << 53;

    /** The largest precision whose unscaled values all fit in a long. */
    public static final int MAX_LONG_DECIMAL_PRECISION = 18;

    private NumberText() {}

    /** {@code true} or {@code false}, in any letter case. */
    public static boolean parseBoolean(byte[] text, int start, int end) throws ValueFormatException {
        int length = end - start;
        // OR-ing 0x20 lower-cases an ASCII letter; no other byte maps onto these letters.
        if (length == 4 && (text[start] | 0x20) == 't' && (text[start + 1] | 0x20) == 'r'
                && (text[start + 2] | 0x20) == 'u' && (text[start + 3] | 0x20) == 'e') {
            return true;
        }
        if (length == 5 && (text[start] | 0x20) == 'f' && (text[start + 1] | 0x20) == 'a'
                && (text[start + 2] | 0x20) == 'l' && (text[start + 3] | 0x20) == 's'
                && (text[start + 4] | 0x20) == 'e') {
            return false;
        }
        throw new ValueFormatException("expected true or false");
    }

    public static int parseInt(byte[] text, int start, int end) throws ValueFormatException {
        long value = parseLong(text, start, end);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ValueFormatException("out of range");
        }
        return (int) value;
    }

    public static long parseLong(byte[] text, int start, int end) throws ValueFormatException {
        int index = start;
        boolean negative = false;
        if (index < end && (text[index] == '-' || text[index] == '+')) {
            negative = text[index] == '-';
            index++;
        }
        if (index == end) {
            throw new ValueFormatException(null);
        }
        // Accumulate negatively: the negative range is one larger, so Long.MIN_VALUE parses without overflow.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multiplyMinimum = limit / 10;
        long result = 0;
        boolean overflow = false;
        for (; index < end; index++) {
            int digit = text[index] - '0';
            if (digit < 0 || digit > 9) {
                throw new ValueFormatException(null);
            }
            if (overflow || result < multiplyMinimum) {
                overflow = true;
                continue; // keep checking that the rest are digits, so "99999999999999999999x" is "not a number"
            }
            result *= 10;
            if (result < limit + digit) {
                overflow = true;
                continue;
            }
            result -= digit;
        }
        if (overflow) {
            throw new ValueFormatException("out of range");
        }
        return negative ? result : -result;
    }

    /**
     * A double, correctly rounded (the value {@link Double#parseDouble} gives). Also reads {@code NaN},
     * {@code Infinity} and {@code -Infinity}, which {@link Double#toString} writes.
     */
    public static double parseDouble(byte[] text, int start, int end) throws ValueFormatException {
        int index = start;
        boolean negative = false;
        if (index < end && (text[index] == '-' || text[index] == '+')) {
            negative = text[index] == '-';
            index++;
        }
        if (index == end) {
            throw new ValueFormatException(null);
        }
        if (text[index] == 'N' || text[index] == 'I') {
            return parseSpecialDouble(text, start, index, end, negative);
        }
        long significand = 0;
        int significantDigits = 0;
        int exponent = 0;
        boolean anyDigit = false;
        // The fast path below is exact only while the significand has at most 19 digits; past that we keep
        // validating and let the JDK round.
        boolean exact = true;
        for (; index < end; index++) {
            int digit = text[index] - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            anyDigit = true;
            if (significand != 0 || digit != 0) {
                if (++significantDigits > 19) {
                    exact = false;
                } else {
                    significand = significand * 10 + digit;
                }
            }
        }
        if (index < end && text[index] == '.') {
            index++;
            for (; index < end; index++) {
                int digit = text[index] - '0';
                if (digit < 0 || digit > 9) {
                    break;
                }
                anyDigit = true;
                if (significand != 0 || digit != 0) {
                    if (++significantDigits > 19) {
                        exact = false;
                        continue;
                    }
                    significand = significand * 10 + digit;
                }
                exponent--;
            }
        }
        if (!anyDigit) {
            throw new ValueFormatException(null);
        }
        if (index < end && (text[index] == 'e' || text[index] == 'E')) {
            index++;
            boolean negativeExponent = false;
            if (index < end && (text[index] == '-' || text[index] == '+')) {
                negativeExponent = text[index] == '-';
                index++;
            }
            if (index == end) {
                throw new ValueFormatException(null);
            }
            int explicitExponent = 0;
            for (; index < end; index++) {
                int digit = text[index] - '0';
                if (digit < 0 || digit > 9) {
                    throw new ValueFormatException(null);
                }
                if (explicitExponent < 100_000) {
                    explicitExponent = explicitExponent * 10 + digit;
                }
            }
            exponent += negativeExponent ? -explicitExponent : explicitExponent;
        }
        if (index != end) {
            throw new ValueFormatException(null);
        }
        if (exact && significand <= MAX_EXACT_DOUBLE_INTEGER && exponent >= -22 && exponent <= 22) {
            // Clinger's fast path: both the significand and the power of ten are exact doubles, so one IEEE
            // multiplication or division rounds correctly.
            double value = significand;
            value = exponent >= 0 ? value * EXACT_POWERS_OF_TEN[exponent] : value / EXACT_POWERS_OF_TEN[-exponent];
            return negative ? -value : value;
        }
        // The text matched the grammar above, which Double.parseDouble accepts as well.
        return Double.parseDouble(new String(text, start, end - start, ISO_8859_1));
    }

    private static double parseSpecialDouble(byte[] text, int start, int index, int end, boolean negative)
            throws ValueFormatException {
        if (matches(text, index, end, "NaN") && index == start) {
            return Double.NaN;
        }
        if (matches(text, index, end, "Infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        throw new ValueFormatException(null);
    }

    private static boolean matches(byte[] text, int start, int end, String expected) {
        if (end - start != expected.length()) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            if (text[start + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The unscaled value of a DECIMAL({@code precision}, {@code scale}) with {@code precision} at most
     * {@value #MAX_LONG_DECIMAL_PRECISION}. Extra fraction digits round half up (away from zero), as SQL's
     * {@code CAST} does; too many integer digits are an error.
     */
    public static long parseDecimal(byte[] text, int start, int end, int precision, int scale)
            throws ValueFormatException {
        if (precision > MAX_LONG_DECIMAL_PRECISION) {
            throw new IllegalArgumentException("precision " + precision + " does not fit a long");
        }
        int index = start;
        boolean negative = false;
        if (index < end && (text[index] == '-' || text[index] == '+')) {
            negative = text[index] == '-';
            index++;
        }
        long unscaled = 0;
        int integerDigits = 0;
        boolean anyDigit = false;
        boolean tooLarge = false;
        for (; index < end; index++) {
            int digit = text[index] - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            anyDigit = true;
            if (unscaled == 0 && digit == 0) {
                continue; // leading zero
            }
            if (++integerDigits > precision - scale) {
                tooLarge = true;
            } else {
                unscaled = unscaled * 10 + digit;
            }
        }
        int fractionDigits = 0;
        int roundingDigit = 0;
        if (index < end && text[index] == '.') {
            index++;
            boolean firstDropped = true;
            for (; index < end; index++) {
                int digit = text[index] - '0';
                if (digit < 0 || digit > 9) {
                    break;
                }
                anyDigit = true;
                if (fractionDigits < scale) {
                    unscaled = unscaled * 10 + digit;
                    fractionDigits++;
                } else if (firstDropped) {
                    roundingDigit = digit;
                    firstDropped = false;
                }
            }
        }
        if (index < end && (text[index] == 'e' || text[index] == 'E') && anyDigit) {
            BigDecimal value = parseBigDecimal(text, start, end, precision, scale);
            return value.unscaledValue().longValueExact();
        }
        if (!anyDigit || index != end) {
            throw new ValueFormatException(null);
        }
        if (tooLarge) {
            throw outOfDecimalRange(precision, scale);
        }
        for (; fractionDigits < scale; fractionDigits++) {
            unscaled *= 10;
        }
        if (roundingDigit >= 5) {
            unscaled++;
            if (unscaled >= LONG_POWERS_OF_TEN[precision]) {
                throw outOfDecimalRange(precision, scale);
            }
        }
        return negative ? -unscaled : unscaled;
    }

    /**
     * A DECIMAL({@code precision}, {@code scale}) of any precision, with {@code scale} as its scale; the same
     * rules as {@link #parseDecimal}, plus an exponent ({@code 1.5E3}).
     */
    public static BigDecimal parseBigDecimal(byte[] text, int start, int end, int precision, int scale)
            throws ValueFormatException {
        if (start == end) {
            throw new ValueFormatException(null);
        }
        for (int i = start; i < end; i++) {
            byte b = text[i];
            if (!(b >= '0' && b <= '9' || b == '.' || b == '-' || b == '+' || b == 'e' || b == 'E')) {
                throw new ValueFormatException(null);
            }
        }
        BigDecimal value;
        try {
            value = new BigDecimal(new String(text, start, end - start, ISO_8859_1));
        } catch (NumberFormatException notADecimal) {
            throw new ValueFormatException(null);
        }
        if (value.signum() == 0) {
            return BigDecimal.ZERO.setScale(scale);
        }
        // precision - scale is the number of digits before the point (negative for 0.00x): check it before
        // setScale, which would build a huge number for 1E999999999.
        int integerDigits = value.precision() - value.scale();
        if (integerDigits > precision - scale) {
            throw outOfDecimalRange(precision, scale);
        }
        if (integerDigits < -scale - 1) {
            return BigDecimal.ZERO.setScale(scale); // rounds to zero at this scale
        }
        value = value.setScale(scale, RoundingMode.HALF_UP);
        if (value.precision() > precision) {
            throw outOfDecimalRange(precision, scale);
        }
        return value;
    }

    private static ValueFormatException outOfDecimalRange(int precision, int scale) {
        return new ValueFormatException("out of range for DECIMAL(" + precision + "," + scale + ")");
    }

    /**
     * Writes {@code value} in decimal at {@code position}; {@code out} needs {@value #MAX_LONG_TEXT} bytes there.
     *
     * @return the position after the last byte written
     */
    public static int writeLong(long value, byte[] out, int position) {
        // Work with the negative magnitude: -Long.MIN_VALUE does not exist.
        long negative = value;
        if (value < 0) {
            out[position++] = '-';
        } else {
            negative = -value;
        }
        int end = position + digitCount(negative);
        int index = end;
        do {
            out[--index] = (byte) ('0' - negative % 10);
            negative /= 10;
        } while (negative != 0);
        return end;
    }

    /**
     * Writes a decimal of the given unscaled value and scale, with exactly {@code scale} fraction digits and at
     * least one integer digit ({@code 0.50}, {@code -12.00}); the same text as {@link BigDecimal#toPlainString}.
     * {@code out} needs {@value #MAX_LONG_TEXT} bytes plus the scale at {@code position}.
     */
    public static int writeDecimal(long unscaled, int scale, byte[] out, int position) {
        if (scale == 0) {
            return writeLong(unscaled, out, position);
        }
        long negative = unscaled;
        if (unscaled < 0) {
            out[position++] = '-';
        } else {
            negative = -unscaled;
        }
        int digits = Math.max(digitCount(negative), scale + 1);
        int end = position + digits + 1;
        int index = end;
        for (int written = 0; written < digits; written++) {
            if (written == scale) {
                out[--index] = '.';
            }
            out[--index] = (byte) ('0' - negative % 10);
            negative /= 10;
        }
        return end;
    }

    /**
     * Writes {@code value} as {@link Double#toString} does, at {@code position}; {@code out} needs
     * {@value #MAX_DOUBLE_TEXT} bytes there.
     *
     * <p>{@code Double.toString} costs most of a CSV writer's time, so values in its plain-notation range
     * [10^-3, 10^7) that a decimal with few fraction digits represents exactly (prices, measurements, counts:
     * {@code 12.5}, {@code 0.1}, {@code 3.0}) are written digit by digit: the decimal {@code m / 10^k} with the
     * fewest fraction digits {@code k} that reads back as {@code value} is the shortest one (and for such values
     * the only one of that length), which is what {@code Double.toString} writes. Everything else goes to
     * {@code Double.toString} itself.
     *
     * @return the position after the last byte written
     */
    public static int writeDouble(double value, byte[] out, int position) {
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e7) {
            for (int fractionDigits = 0; fractionDigits <= MAX_FAST_FRACTION_DIGITS; fractionDigits++) {
                double power = EXACT_POWERS_OF_TEN[fractionDigits];
                long digits = Math.round(magnitude * power);
                // digits and power are exact doubles, so the division is the correctly rounded value of the
                // decimal digits / 10^fractionDigits: equal to magnitude means that decimal reads back as it.
                if (digits < MAX_EXACT_DOUBLE_INTEGER && digits / power == magnitude) {
                    return writeFixedPoint(value < 0, digits, fractionDigits, out, position);
                }
            }
        }
        String text = shortestDoubleText(value);
        for (int i = 0; i < text.length(); i++) {
            out[position + i] = (byte) text.charAt(i);
        }
        return position + text.length();
    }

    /**
     * {@link Double#toString}'s text, made the shortest that reads back as {@code value}. Java 19 and later write
     * the shortest form themselves (JDK-4511638); Java 17 sometimes writes one or two digits more
     * ({@code 2.82879384806159008E17} for {@code 2.82879384806159E17}). A decimal of p significant digits that
     * reads back implies one of p + 1 digits does, so shortening stops at the first length that fails; most
     * values need one check.
     */
    static String shortestDoubleText(double value) {
        String text = Double.toString(value);
        if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
            return text;
        }
        int digits = significantDigits(text);
        if (digits < 16) {
            return text;
        }
        java.math.BigDecimal exact = new java.math.BigDecimal(value);
        java.math.BigDecimal shortest = null;
        for (int precision = digits - 1; precision >= 1; precision--) {
            java.math.BigDecimal candidate = exact.round(new java.math.MathContext(precision,
                    java.math.RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() != value) {
                break;
            }
            shortest = candidate;
        }
        return shortest == null ? text : javaStyle(shortest.stripTrailingZeros(), Math.abs(value));
    }

    /** Significant digits of a {@link Double#toString} text (its mantissa without sign, point and leading zeros). */
    private static int significantDigits(String text) {
        int end = text.indexOf('E');
        String mantissa = end < 0 ? text : text.substring(0, end);
        String digitsOnly = mantissa.replace("-", "").replace(".", "");
        int first = 0;
        while (first < digitsOnly.length() - 1 && digitsOnly.charAt(first) == '0') {
            first++;
        }
        int last = digitsOnly.length();
        while (last > first + 1 && digitsOnly.charAt(last - 1) == '0') {
            last--;
        }
        return last - first;
    }

    /** A decimal in {@link Double#toString}'s layout: plain in [10^-3, 10^7), else {@code d.dddE±n}. */
    private static String javaStyle(java.math.BigDecimal decimal, double magnitude) {
        if (magnitude >= 1e-3 && magnitude < 1e7) {
            String plain = decimal.toPlainString();
            return plain.indexOf('.') < 0 ? plain + ".0" : plain;
        }
        String unscaled = decimal.unscaledValue().abs().toString();
        int exponent = unscaled.length() - 1 - decimal.scale();
        StringBuilder text = new StringBuilder(unscaled.length() + 8);
        if (decimal.signum() < 0) {
            text.append('-');
        }
        text.append(unscaled.charAt(0)).append('.');
        text.append(unscaled.length() > 1 ? unscaled.substring(1) : "0");
        return text.append('E').append(exponent).toString();
    }

    /** The longest text {@link #writeDouble} writes ({@code -2.2250738585072014E-308}). */
    public static final int MAX_DOUBLE_TEXT = 25;

    /**
     * At most 10^7 * 10^8 = 10^15 < 2^53 as digits, so every candidate is an exact double; and with at most 15
     * significant digits a double has exactly one such decimal.
     */
    private static final int MAX_FAST_FRACTION_DIGITS = 8;

    /** {@code [-]integer.fraction}, with at least one fraction digit ({@code 3.0}) as Double.toString has. */
    private static int writeFixedPoint(boolean negative, long digits, int fractionDigits, byte[] out, int position) {
        int index = position;
        if (negative) {
            out[index++] = '-';
        }
        long integerPart = digits;
        long fraction = 0;
        if (fractionDigits > 0) {
            long power = LONG_POWERS_OF_TEN[fractionDigits];
            integerPart = digits / power;
            fraction = digits % power;
        }
        index = writeLong(integerPart, out, index);
        out[index++] = '.';
        if (fractionDigits == 0) {
            out[index++] = '0';
            return index;
        }
        for (int i = fractionDigits - 1; i >= 0; i--) {
            out[index + i] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        return index + fractionDigits;
    }

    /** The number of decimal digits of a value {@code <= 0}, counting 0 as one digit. */
    private static int digitCount(long negative) {
        int digits = 1;
        long threshold = -10;
        while (digits < 19 && negative <= threshold) {
            digits++;
            threshold *= 10;
        }
        return digits;
    }
}
