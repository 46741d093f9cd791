package dev.sluice.driver.query;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** When batches run: as the {@code --trigger} option says. */
public sealed interface Trigger {
    /** Everything the sources hold at start, in as many batches as the read limits make, then stop. */
    record AvailableNow() implements Trigger {}

    /** One batch, then stop. */
    record Once() implements Trigger {}

    /** A batch every {@code interval} (0: as soon as the previous one committed) while there is new data. */
    record ProcessingTime(Duration interval) implements Trigger {
        public ProcessingTime {
            requireNonNull(interval, "interval is null");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("a trigger interval must not be negative: " + interval);
            }
        }
    }

    /** The default, {@code processing-time=0}. */
    Trigger DEFAULT = new ProcessingTime(Duration.ZERO);

    Pattern INTERVAL = Pattern.compile("(\\d+)\\s*([a-z]*)");

    /** Parses {@code available-now}, {@code once} or {@code processing-time=<interval>}. */
    static Trigger parse(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals("available-now")) {
            return new AvailableNow();
        }
        if (trimmed.equals("once")) {
            return new Once();
        }
        if (trimmed.startsWith("processing-time=")) {
            return new ProcessingTime(parseInterval(trimmed.substring("processing-time=".length()), text));
        }
        throw new IllegalArgumentException("--trigger: expected available-now, once or processing-time=<interval>"
                + " (for example processing-time=10s), got '" + text + "'");
    }

    /** {@code 0}, {@code 500ms}, {@code 10s}, {@code 1 minute}, {@code 2 hours}; a bare number is milliseconds. */
    static Duration parseInterval(String interval, String wholeOption) {
        Matcher matcher = INTERVAL.matcher(interval.trim());
        if (matcher.matches()) {
            long amount;
            try {
                amount = Long.parseLong(matcher.group(1));
            } catch (NumberFormatException tooLarge) {
                throw new IllegalArgumentException("--trigger: interval too large in '" + wholeOption + "'");
            }
            switch (matcher.group(2)) {
                case "", "ms", "milli", "millis", "millisecond", "milliseconds":
                    return Duration.ofMillis(amount);
                case "s", "sec", "secs", "second", "seconds":
                    return Duration.ofSeconds(amount);
                case "m", "min", "mins", "minute", "minutes":
                    return Duration.ofMinutes(amount);
                case "h", "hour", "hours":
                    return Duration.ofHours(amount);
                case "d", "day", "days":
                    return Duration.ofDays(amount);
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("--trigger: cannot read the interval '" + interval + "' in '"
                + wholeOption + "'; write it like 0, 500ms, 10s, 1 minute or 2 hours");
    }
}
