package dev.sluice.planner.logical;

import static java.util.Objects.requireNonNull;

/**
 * The windows a window table function puts each row into, with every interval in milliseconds: the planner's form
 * of the plan's {@code WindowSpec}.
 *
 * <p>TUMBLE, HOP and CUMULATE windows are aligned to the epoch plus {@code offsetMs}; {@code [start, end)}. SESSION
 * windows are per group key and close after {@code gapMs} without rows.
 *
 * @param kind which function
 * @param timeColumn the input column of the {@code DESCRIPTOR}: the event time that places a row in windows
 * @param sizeMs TUMBLE, HOP: the window size; CUMULATE: the largest window; 0 for SESSION
 * @param slideMs HOP: the slide; CUMULATE: the step; 0 otherwise
 * @param offsetMs TUMBLE, HOP, CUMULATE: the alignment offset, {@code 0 <= offsetMs <} the period (the size, or
 *     the slide of HOP); 0 for SESSION
 * @param gapMs SESSION: the gap that ends a session; 0 otherwise
 */
public record TimeWindow(Kind kind, int timeColumn, long sizeMs, long slideMs, long offsetMs, long gapMs) {
    /** The window table functions, by the name they are called with. */
    public enum Kind { TUMBLE, HOP, CUMULATE, SESSION }

    public TimeWindow {
        requireNonNull(kind, "kind is null");
        if (timeColumn < 0) {
            throw new IllegalArgumentException("timeColumn must not be negative: " + timeColumn);
        }
        if (sizeMs < 0 || slideMs < 0 || offsetMs < 0 || gapMs < 0) {
            throw new IllegalArgumentException("intervals must not be negative: size " + sizeMs + " ms, slide "
                    + slideMs + " ms, offset " + offsetMs + " ms, gap " + gapMs + " ms");
        }
        boolean valid = switch (kind) {
            case TUMBLE -> sizeMs > 0 && slideMs == 0 && gapMs == 0 && offsetMs < sizeMs;
            case HOP -> sizeMs > 0 && slideMs > 0 && slideMs <= sizeMs && gapMs == 0 && offsetMs < slideMs;
            case CUMULATE -> sizeMs > 0 && slideMs > 0 && sizeMs % slideMs == 0 && gapMs == 0 && offsetMs < sizeMs;
            case SESSION -> gapMs > 0 && sizeMs == 0 && slideMs == 0 && offsetMs == 0;
        };
        if (!valid) {
            throw new IllegalArgumentException("invalid " + kind + " window: size " + sizeMs + " ms, slide "
                    + slideMs + " ms, offset " + offsetMs + " ms, gap " + gapMs + " ms");
        }
    }

    public static TimeWindow tumble(int timeColumn, long sizeMs, long offsetMs) {
        return new TimeWindow(Kind.TUMBLE, timeColumn, sizeMs, 0, offsetMs, 0);
    }

    public static TimeWindow hop(int timeColumn, long slideMs, long sizeMs, long offsetMs) {
        return new TimeWindow(Kind.HOP, timeColumn, sizeMs, slideMs, offsetMs, 0);
    }

    public static TimeWindow cumulate(int timeColumn, long stepMs, long sizeMs, long offsetMs) {
        return new TimeWindow(Kind.CUMULATE, timeColumn, sizeMs, stepMs, offsetMs, 0);
    }

    public static TimeWindow session(int timeColumn, long gapMs) {
        return new TimeWindow(Kind.SESSION, timeColumn, 0, 0, 0, gapMs);
    }

    /** The same windows over another input column (after the input was projected). */
    public TimeWindow withTimeColumn(int column) {
        return new TimeWindow(kind, column, sizeMs, slideMs, offsetMs, gapMs);
    }

    /** As the function is written, for plan text: {@code HOP($0, slide 5000 ms, size 10000 ms)}. */
    @Override
    public String toString() {
        String time = "$" + timeColumn;
        String offset = offsetMs == 0 ? "" : ", offset " + offsetMs + " ms";
        return switch (kind) {
            case TUMBLE -> "TUMBLE(" + time + ", size " + sizeMs + " ms" + offset + ")";
            case HOP -> "HOP(" + time + ", slide " + slideMs + " ms, size " + sizeMs + " ms" + offset + ")";
            case CUMULATE -> "CUMULATE(" + time + ", step " + slideMs + " ms, size " + sizeMs + " ms" + offset + ")";
            case SESSION -> "SESSION(" + time + ", gap " + gapMs + " ms)";
        };
    }
}
