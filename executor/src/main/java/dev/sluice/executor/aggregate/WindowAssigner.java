package dev.sluice.executor.aggregate;

import dev.sluice.planner.plan.proto.WindowSpec;

/**
 * The windows a row's time belongs to. Windows are {@code [start, end)} in epoch milliseconds, aligned to the epoch
 * plus {@code offset}: a TUMBLE window starts at {@code t - floorMod(t - offset, size)}, for negative times too.
 * <ul>
 *   <li>TUMBLE: the one window of {@code size} that holds the row.</li>
 *   <li>HOP: every window of {@code size} starting at a multiple of {@code slide} (plus offset) that holds the row:
 *       {@code ceil(size / slide)} of them when size is a multiple of slide.</li>
 *   <li>CUMULATE: the windows {@code [start, start + step)}, {@code [start, start + 2 * step)}, ... up to
 *       {@code [start, start + size)} of the row's size-aligned period that hold the row (those that end after
 *       it).</li>
 *   <li>SESSION: {@code [t, t + gap)}; sessions of a key that overlap or touch merge later.</li>
 * </ul>
 */
final class WindowAssigner {
    private final WindowSpec.Kind kind;
    private final long size;
    private final long slide;
    private final long offset;
    private final long gap;

    WindowAssigner(WindowSpec window) {
        this.kind = window.getKind();
        this.size = window.getSizeMs();
        this.slide = window.getSlideMs();
        this.offset = window.getOffsetMs();
        this.gap = window.getGapMs();
    }

    long size() {
        return size;
    }

    /** The most windows one row can belong to. */
    int maxWindowsPerRow() {
        return switch (kind) {
            case TUMBLE, SESSION -> 1;
            case HOP -> (int) ((size + slide - 1) / slide);
            case CUMULATE -> (int) (size / slide);
            case KIND_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalStateException("window kind " + kind);
        };
    }

    /**
     * Writes the windows of rows {@code rows[from .. to)} (whose times are {@code times[row]}) as entries: entry
     * {@code e} is row {@code entryRows[e]} in window {@code [starts[e], ends[e])}. Returns the number of entries;
     * the arrays must hold {@code (to - from) * maxWindowsPerRow()}.
     */
    int expand(long[] times, int[] rows, int from, int to, int[] entryRows, long[] starts, long[] ends) {
        int entries = 0;
        try {
            switch (kind) {
                case TUMBLE -> {
                    for (int i = from; i < to; i++) {
                        int row = rows[i];
                        long time = times[row];
                        long start = time - Math.floorMod(time - offset, size);
                        entryRows[entries] = row;
                        starts[entries] = start;
                        ends[entries] = Math.addExact(start, size);
                        entries++;
                    }
                }
                case HOP -> {
                    for (int i = from; i < to; i++) {
                        int row = rows[i];
                        long time = times[row];
                        long lastStart = time - Math.floorMod(time - offset, slide);
                        for (long start = lastStart; start > time - size; start -= slide) {
                            entryRows[entries] = row;
                            starts[entries] = start;
                            ends[entries] = Math.addExact(start, size);
                            entries++;
                        }
                    }
                }
                case CUMULATE -> {
                    long steps = size / slide;
                    for (int i = from; i < to; i++) {
                        int row = rows[i];
                        long time = times[row];
                        long start = time - Math.floorMod(time - offset, size);
                        for (long step = (time - start) / slide + 1; step <= steps; step++) {
                            entryRows[entries] = row;
                            starts[entries] = start;
                            ends[entries] = Math.addExact(start, step * slide);
                            entries++;
                        }
                    }
                }
                case SESSION -> {
                    for (int i = from; i < to; i++) {
                        int row = rows[i];
                        long time = times[row];
                        entryRows[entries] = row;
                        starts[entries] = time;
                        ends[entries] = Math.addExact(time, gap);
                        entries++;
                    }
                }
                case KIND_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalStateException("window kind " + kind);
            }
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("an event time of " + times[entryRows[entries]]
                    + " ms puts its window end beyond the TIMESTAMP range");
        }
        return entries;
    }
}
