package dev.sluice.driver.query;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.Offset;

/**
 * The range one source reads in one batch, {@code (start, end]}.
 *
 * @param index the source's index in the plan
 * @param start where the batch starts (the previous batch's end, or the source's initial offset)
 * @param end where it stops
 */
public record SourceRange(int index, Offset start, Offset end) {
    public SourceRange {
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
    }

    /** Whether the range holds anything new: offsets are equal when their JSON is. */
    public boolean isEmpty() {
        return start.json().equals(end.json());
    }
}
