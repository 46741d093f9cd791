package dev.sluice.executor.expression;

import java.util.Locale;

/** The units of EXTRACT, FLOOR / CEIL ... TO, TIMESTAMPADD and TIMESTAMPDIFF. */
enum TimeUnit {
    YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, MILLISECOND,
    /** Day of week, Sunday = 1 .. Saturday = 7 (Calcite's EXTRACT(DOW)). */
    DOW,
    /** Day of year, 1 .. 366. */
    DOY;

    static TimeUnit parse(String text, String expression) {
        String name = text.toUpperCase(Locale.ROOT);
        // Calcite spells some flags in the plural or with a prefix (SQL_TSI_DAY, MICROSECOND is not supported).
        if (name.startsWith("SQL_TSI_")) {
            name = name.substring("SQL_TSI_".length());
        }
        if (name.equals("FRAC_SECOND")) {
            name = "MILLISECOND";
        }
        for (TimeUnit unit : values()) {
            if (unit.name().equals(name)) {
                return unit;
            }
        }
        throw new ExpressionException("unsupported time unit " + text + " in " + expression);
    }

    /** The unit's length in milliseconds, for the units of fixed length; 0 for months, quarters and years. */
    long milliseconds() {
        return switch (this) {
            case WEEK -> 7 * Temporal.MILLISECONDS_PER_DAY;
            case DAY, DOW, DOY -> Temporal.MILLISECONDS_PER_DAY;
            case HOUR -> Temporal.MILLISECONDS_PER_HOUR;
            case MINUTE -> Temporal.MILLISECONDS_PER_MINUTE;
            case SECOND -> Temporal.MILLISECONDS_PER_SECOND;
            case MILLISECOND -> 1;
            case YEAR, QUARTER, MONTH -> 0;
        };
    }

    /** Months per unit for YEAR, QUARTER and MONTH; 0 otherwise. */
    int months() {
        return switch (this) {
            case YEAR -> 12;
            case QUARTER -> 3;
            case MONTH -> 1;
            case WEEK, DAY, HOUR, MINUTE, SECOND, MILLISECOND, DOW, DOY -> 0;
        };
    }
}
