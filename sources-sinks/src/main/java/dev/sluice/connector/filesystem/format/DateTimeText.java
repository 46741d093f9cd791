package dev.sluice.connector.filesystem.format;

/**
 * Reads and writes DATE and TIMESTAMP(3) values as ASCII bytes, without {@code java.time} objects per value.
 *
 * <ul>
 *   <li>DATE: {@code yyyy-MM-dd}, as days since 1970-01-01.</li>
 *   <li>TIMESTAMP(3): written as {@code yyyy-MM-dd HH:mm:ss.SSS}, as milliseconds since 1970-01-01 00:00:00
 *       UTC. Read in that form, or with {@code T} between date and time (ISO-8601), with 0 to 9 fraction
 *       digits, and with an optional trailing {@code Z}. Digits past the millisecond are dropped (truncated
 *       toward the earlier instant), as a cast to TIMESTAMP(3) does.</li>
 * </ul>
 *
 * <p>Years are 0000 to 9999, as the four-digit pattern requires; the proleptic Gregorian calendar throughout.
 * The day arithmetic is Howard Hinnant's {@code days_from_civil} / {@code civil_from_days}.
 */
public final class DateTimeText {
    /** Bytes of {@code yyyy-MM-dd}. */
    public static final int DATE_LENGTH = 10;
    /** Bytes of {@code yyyy-MM-dd HH:mm:ss.SSS}. */
    public static final int TIMESTAMP_LENGTH = 23;

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private DateTimeText() {}

    /** Days since 1970-01-01 of a {@code yyyy-MM-dd} text. */
    public static int parseDate(byte[] text, int start, int end) throws ValueFormatException {
        if (end - start != DATE_LENGTH) {
            throw new ValueFormatException("expected yyyy-MM-dd");
        }
        return (int) parseDatePart(text, start);
    }

    /** Milliseconds since the epoch (UTC) of a timestamp text (see the class comment for the forms read). */
    public static long parseTimestamp(byte[] text, int start, int end) throws ValueFormatException {
        if (end - start < 19) {
            throw new ValueFormatException("expected yyyy-MM-dd HH:mm:ss.SSS");
        }
        long epochDay = parseDatePart(text, start);
        byte separator = text[start + 10];
        if (separator != ' ' && separator != 'T' || text[start + 13] != ':' || text[start + 16] != ':') {
            throw new ValueFormatException("expected yyyy-MM-dd HH:mm:ss.SSS");
        }
        int hour = twoDigits(text, start + 11);
        int minute = twoDigits(text, start + 14);
        int second = twoDigits(text, start + 17);
        if (hour < 0 || minute < 0 || second < 0) {
            throw new ValueFormatException("expected yyyy-MM-dd HH:mm:ss.SSS");
        }
        if (hour > 23 || minute > 59 || second > 59) {
            throw new ValueFormatException("no such time of day");
        }
        int index = start + 19;
        int millis = 0;
        if (index < end && text[index] == '.') {
            index++;
            int digits = 0;
            for (; index < end && text[index] >= '0' && text[index] <= '9'; index++) {
                if (digits < 3) {
                    millis = millis * 10 + (text[index] - '0');
                }
                digits++;
            }
            if (digits == 0 || digits > 9) {
                throw new ValueFormatException("expected 1 to 9 digits after the seconds' point");
            }
            for (; digits < 3; digits++) {
                millis *= 10;
            }
        }
        if (index < end && text[index] == 'Z') {
            index++;
        }
        if (index != end) {
            throw new ValueFormatException("expected yyyy-MM-dd HH:mm:ss.SSS");
        }
        return epochDay * MILLIS_PER_DAY + ((hour * 60L + minute) * 60L + second) * 1000L + millis;
    }

    private static long parseDatePart(byte[] text, int start) throws ValueFormatException {
        int year = twoDigits(text, start) * 100 + twoDigits(text, start + 2);
        int month = twoDigits(text, start + 5);
        int day = twoDigits(text, start + 8);
        if (year < 0 || month < 0 || day < 0 || text[start + 4] != '-' || text[start + 7] != '-') {
            throw new ValueFormatException("expected yyyy-MM-dd");
        }
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            throw new ValueFormatException("no such date");
        }
        return epochDay(year, month, day);
    }

    /** The two-digit number at {@code index}, or a negative number if either byte is not a digit. */
    private static int twoDigits(byte[] text, int index) {
        int tens = text[index] - '0';
        int ones = text[index + 1] - '0';
        if (tens < 0 || tens > 9 || ones < 0 || ones > 9) {
            return Integer.MIN_VALUE / 1000; // stays negative after * 100 + another two digits
        }
        return tens * 10 + ones;
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
            return 29;
        }
        return DAYS_IN_MONTH[month - 1];
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date. */
    static long epochDay(long year, int month, int day) {
        long shiftedYear = month <= 2 ? year - 1 : year; // years start in March, so leap days come last
        long era = Math.floorDiv(shiftedYear, 400);
        long yearOfEra = shiftedYear - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /**
     * Writes {@code yyyy-MM-dd} ({@value #DATE_LENGTH} bytes) at {@code position}.
     *
     * @throws ValueFormatException if the year is outside 0000-9999
     */
    public static int formatDate(long epochDay, byte[] out, int position) throws ValueFormatException {
        long shifted = epochDay + 719_468;
        long era = Math.floorDiv(shifted, 146_097);
        long dayOfEra = shifted - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
        int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            throw new ValueFormatException("year " + year + " is outside 0000-9999, which yyyy-MM-dd cannot show");
        }
        int y = (int) year;
        out[position] = (byte) ('0' + y / 1000);
        out[position + 1] = (byte) ('0' + y / 100 % 10);
        out[position + 2] = (byte) ('0' + y / 10 % 10);
        out[position + 3] = (byte) ('0' + y % 10);
        out[position + 4] = '-';
        out[position + 5] = (byte) ('0' + month / 10);
        out[position + 6] = (byte) ('0' + month % 10);
        out[position + 7] = '-';
        out[position + 8] = (byte) ('0' + day / 10);
        out[position + 9] = (byte) ('0' + day % 10);
        return position + DATE_LENGTH;
    }

    /**
     * Writes {@code yyyy-MM-dd HH:mm:ss.SSS} ({@value #TIMESTAMP_LENGTH} bytes) at {@code position}.
     *
     * @throws ValueFormatException if the year is outside 0000-9999
     */
    public static int formatTimestamp(long epochMillis, byte[] out, int position) throws ValueFormatException {
        long epochDay = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
        int index = formatDate(epochDay, out, position);
        int hour = millisOfDay / 3_600_000;
        int minute = millisOfDay / 60_000 % 60;
        int second = millisOfDay / 1000 % 60;
        int millis = millisOfDay % 1000;
        out[index] = ' ';
        out[index + 1] = (byte) ('0' + hour / 10);
        out[index + 2] = (byte) ('0' + hour % 10);
        out[index + 3] = ':';
        out[index + 4] = (byte) ('0' + minute / 10);
        out[index + 5] = (byte) ('0' + minute % 10);
        out[index + 6] = ':';
        out[index + 7] = (byte) ('0' + second / 10);
        out[index + 8] = (byte) ('0' + second % 10);
        out[index + 9] = '.';
        out[index + 10] = (byte) ('0' + millis / 100);
        out[index + 11] = (byte) ('0' + millis / 10 % 10);
        out[index + 12] = (byte) ('0' + millis % 10);
        return position + TIMESTAMP_LENGTH;
    }
}
