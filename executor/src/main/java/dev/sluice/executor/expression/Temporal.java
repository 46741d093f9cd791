package dev.sluice.executor.expression;

/**
 * Calendar arithmetic on epoch days and epoch milliseconds (UTC, proleptic Gregorian), without java.time objects
 * so that loops over a batch allocate nothing. The civil-date conversions are the well-known days-from-civil
 * algorithms.
 */
final class Temporal {
    static final long MILLISECONDS_PER_SECOND = 1000L;
    static final long MILLISECONDS_PER_MINUTE = 60_000L;
    static final long MILLISECONDS_PER_HOUR = 3_600_000L;
    static final long MILLISECONDS_PER_DAY = 86_400_000L;

    private Temporal() {
    }

    /** Days since 1970-01-01 of a civil date. */
    static long daysFromCivil(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097 + dayOfEra - 719468;
    }

    /** The year of an epoch day. */
    static long year(long epochDay) {
        long z = epochDay + 719468;
        long era = Math.floorDiv(z, 146097);
        long dayOfEra = z - era * 146097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        return yearOfEra + era * 400 + (monthIndex >= 10 ? 1 : 0);
    }

    /** The month (1..12) of an epoch day. */
    static int month(long epochDay) {
        long z = epochDay + 719468;
        long era = Math.floorDiv(z, 146097);
        long dayOfEra = z - era * 146097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        return (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
    }

    /** The day of month (1..31) of an epoch day. */
    static int dayOfMonth(long epochDay) {
        long z = epochDay + 719468;
        long era = Math.floorDiv(z, 146097);
        long dayOfEra = z - era * 146097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        return (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
    }

    static boolean isLeapYear(long year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    static int daysInMonth(long year, int month) {
        return switch (month) {
            case 2 -> isLeapYear(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Adds months to a date; the day of month is clamped to the target month's length (Jan 31 + 1 month = Feb 28/29). */
    static long addMonthsToDate(long epochDay, long months) {
        long year = year(epochDay);
        int month = month(epochDay);
        int day = dayOfMonth(epochDay);
        long monthIndex = year * 12 + (month - 1) + months;
        long newYear = Math.floorDiv(monthIndex, 12);
        int newMonth = Math.floorMod(monthIndex, 12) + 1;
        return daysFromCivil(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
    }

    static long addMonthsToTimestamp(long milliseconds, long months, VectorExpression expression) {
        long day = Math.floorDiv(milliseconds, MILLISECONDS_PER_DAY);
        long timeOfDay = Math.floorMod(milliseconds, MILLISECONDS_PER_DAY);
        long newDay = addMonthsToDate(day, months);
        try {
            return Math.addExact(Math.multiplyExact(newDay, MILLISECONDS_PER_DAY), timeOfDay);
        } catch (ArithmeticException e) {
            throw new ExpressionException("TIMESTAMP overflow in " + expression.text() + ": " + milliseconds
                    + " ms + " + months + " months");
        }
    }

    /** Whole months from {@code start} to {@code end} (truncated toward zero), counting time of day. */
    static long monthsBetween(long startMilliseconds, long endMilliseconds) {
        long startDay = Math.floorDiv(startMilliseconds, MILLISECONDS_PER_DAY);
        long endDay = Math.floorDiv(endMilliseconds, MILLISECONDS_PER_DAY);
        long months = (year(endDay) * 12 + month(endDay)) - (year(startDay) * 12 + month(startDay));
        // Step back one month when the end has not yet reached the start's position within its month.
        if (months > 0 && addMonthsToTimestampUnchecked(startMilliseconds, months) > endMilliseconds) {
            months--;
        } else if (months < 0 && addMonthsToTimestampUnchecked(startMilliseconds, months) < endMilliseconds) {
            months++;
        }
        return months;
    }

    private static long addMonthsToTimestampUnchecked(long milliseconds, long months) {
        long day = Math.floorDiv(milliseconds, MILLISECONDS_PER_DAY);
        long timeOfDay = Math.floorMod(milliseconds, MILLISECONDS_PER_DAY);
        return addMonthsToDate(day, months) * MILLISECONDS_PER_DAY + timeOfDay;
    }

    /** ISO-8601 day of week, Monday = 1 .. Sunday = 7. */
    static int isoDayOfWeek(long epochDay) {
        return Math.floorMod(epochDay + 3, 7) + 1;
    }

    static int dayOfYear(long epochDay) {
        return (int) (epochDay - daysFromCivil(year(epochDay), 1, 1)) + 1;
    }

    /** ISO-8601 week of the week-based year (1..53). */
    static int isoWeek(long epochDay) {
        // The ISO week of a day is the week of the Thursday of that day's week.
        long thursday = epochDay - isoDayOfWeek(epochDay) + 4;
        long firstOfYear = daysFromCivil(year(thursday), 1, 1);
        return (int) ((thursday - firstOfYear) / 7) + 1;
    }
}
