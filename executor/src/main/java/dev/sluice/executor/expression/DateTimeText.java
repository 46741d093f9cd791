package dev.sluice.executor.expression;

/**
 * The SQL text forms of DATE ({@code yyyy-MM-dd}) and TIMESTAMP(3) ({@code yyyy-MM-dd HH:mm:ss.SSS}), UTC, parsed
 * and printed by hand: a CAST over a batch should not create java.time objects per row.
 */
final class DateTimeText {
    private DateTimeText() {
    }

    static long parseDate(String text, VectorExpression expression) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            throw bad(text, "DATE", expression);
        }
        int year = digits(text, 0, 4, "DATE", expression);
        int month = digits(text, 5, 7, "DATE", expression);
        int day = digits(text, 8, 10, "DATE", expression);
        if (month < 1 || month > 12 || day < 1 || day > Temporal.daysInMonth(year, month)) {
            throw bad(text, "DATE", expression);
        }
        return Temporal.daysFromCivil(year, month, day);
    }

    /** {@code yyyy-MM-dd}, {@code yyyy-MM-dd HH:mm:ss} or with 1 to 3 fraction digits (more digits are truncated). */
    static long parseTimestamp(String text, VectorExpression expression) {
        if (text.length() == 10) {
            return parseDate(text, expression) * Temporal.MILLISECONDS_PER_DAY;
        }
        if (text.length() < 19 || (text.charAt(10) != ' ' && text.charAt(10) != 'T') || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            throw bad(text, "TIMESTAMP", expression);
        }
        long day = parseDateOf(text, expression);
        int hour = digits(text, 11, 13, "TIMESTAMP", expression);
        int minute = digits(text, 14, 16, "TIMESTAMP", expression);
        int second = digits(text, 17, 19, "TIMESTAMP", expression);
        if (hour > 23 || minute > 59 || second > 59) {
            throw bad(text, "TIMESTAMP", expression);
        }
        int milliseconds = 0;
        if (text.length() > 19) {
            if (text.charAt(19) != '.' || text.length() == 20) {
                throw bad(text, "TIMESTAMP", expression);
            }
            int end = text.length();
            for (int i = 20; i < end; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw bad(text, "TIMESTAMP", expression);
                }
                if (i < 23) {
                    milliseconds = milliseconds * 10 + (c - '0');
                }
            }
            for (int i = Math.min(end, 23); i < 23; i++) {
                milliseconds *= 10;
            }
        }
        return day * Temporal.MILLISECONDS_PER_DAY + hour * Temporal.MILLISECONDS_PER_HOUR
                + minute * Temporal.MILLISECONDS_PER_MINUTE + second * Temporal.MILLISECONDS_PER_SECOND + milliseconds;
    }

    private static long parseDateOf(String text, VectorExpression expression) {
        if (text.charAt(4) != '-' || text.charAt(7) != '-') {
            throw bad(text, "TIMESTAMP", expression);
        }
        int year = digits(text, 0, 4, "TIMESTAMP", expression);
        int month = digits(text, 5, 7, "TIMESTAMP", expression);
        int day = digits(text, 8, 10, "TIMESTAMP", expression);
        if (month < 1 || month > 12 || day < 1 || day > Temporal.daysInMonth(year, month)) {
            throw bad(text, "TIMESTAMP", expression);
        }
        return Temporal.daysFromCivil(year, month, day);
    }

    private static int digits(String text, int start, int end, String type, VectorExpression expression) {
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(text, type, expression);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static ExpressionException bad(String text, String type, VectorExpression expression) {
        String format = type.equals("DATE") ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss.SSS";
        return new ExpressionException("cannot CAST '" + text + "' to " + type + " in " + expression.text()
                + ": expected " + format);
    }

    static String formatDate(long epochDay) {
        StringBuilder builder = new StringBuilder(10);
        appendDate(builder, epochDay);
        return builder.toString();
    }

    static String formatTimestamp(long milliseconds) {
        long day = Math.floorDiv(milliseconds, Temporal.MILLISECONDS_PER_DAY);
        long time = Math.floorMod(milliseconds, Temporal.MILLISECONDS_PER_DAY);
        StringBuilder builder = new StringBuilder(23);
        appendDate(builder, day);
        builder.append(' ');
        pad(builder, time / Temporal.MILLISECONDS_PER_HOUR, 2);
        builder.append(':');
        pad(builder, time / Temporal.MILLISECONDS_PER_MINUTE % 60, 2);
        builder.append(':');
        pad(builder, time / Temporal.MILLISECONDS_PER_SECOND % 60, 2);
        builder.append('.');
        pad(builder, time % 1000, 3);
        return builder.toString();
    }

    private static void appendDate(StringBuilder builder, long epochDay) {
        long year = Temporal.year(epochDay);
        if (year < 0) {
            builder.append('-');
            year = -year;
        }
        pad(builder, year, 4);
        builder.append('-');
        pad(builder, Temporal.month(epochDay), 2);
        builder.append('-');
        pad(builder, Temporal.dayOfMonth(epochDay), 2);
    }

    private static void pad(StringBuilder builder, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            builder.append('0');
        }
        builder.append(digits);
    }
}
