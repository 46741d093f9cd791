package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The offset range one source reads in one batch, as logged in {@code offsets/<N>}.
 *
 * <p>Offsets are opaque to the engine: each connector defines its own JSON, and the checkpoint stores it as raw
 * JSON (not as an escaped string), so that the file stays readable and the connector gets back exactly what it
 * gave. Line breaks between JSON tokens become spaces, because every value has to fit on one line of the file.
 *
 * @param index the source's position among the query's sources (0, 1, ...); {@code sources/<index>/} holds its
 *     private logs
 * @param name the source's name in the query (for example the table name), for people reading the file
 * @param startOffset where the batch starts reading (exclusive end of the previous batch), as JSON; null when the
 *     source has no previous offset (the query's first batch, or a source that had no data yet)
 * @param endOffset where the batch stops reading (inclusive bound as the connector defines it), as JSON
 */
public record SourceOffsets(int index, String name, String startOffset, String endOffset) {
    public SourceOffsets {
        if (index < 0) {
            throw new IllegalArgumentException("source index must not be negative: " + index);
        }
        requireNonNull(name, "name is null");
        requireNonNull(endOffset, "endOffset is null");
        String source = "source " + index + " (" + name + ")";
        if (startOffset != null) {
            startOffset = CheckpointJson.oneLineJsonValue(startOffset, "start offset of " + source);
            if (startOffset.equals("null")) {
                // JSON null in the file means "no start offset"; a connector cannot use it as an offset.
                throw new IllegalArgumentException("start offset of " + source
                        + " is the JSON literal null; pass a null string for \"no start offset\"");
            }
        }
        endOffset = CheckpointJson.oneLineJsonValue(endOffset, "end offset of " + source);
        if (endOffset.equals("null")) {
            throw new IllegalArgumentException("end offset of " + source + " must not be the JSON literal null");
        }
    }

    /** A source's first range, which has no start offset. */
    public static SourceOffsets first(int index, String name, String endOffset) {
        return new SourceOffsets(index, name, null, endOffset);
    }

    /** The start offset, empty for a source's first range. */
    public Optional<String> start() {
        return Optional.ofNullable(startOffset);
    }
}
