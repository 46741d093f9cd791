package dev.sluice.connector;

import static java.util.Objects.requireNonNull;

/**
 * @param start the end of the last batch (the source's initial offset for the first)
 * @param limit how much the batch may take
 */
public record LatestOffsetRequest(Offset start, ReadLimit limit) {
    public LatestOffsetRequest {
        requireNonNull(start, "start is null");
        requireNonNull(limit, "limit is null");
    }
}
