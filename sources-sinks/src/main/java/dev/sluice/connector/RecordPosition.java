package dev.sluice.connector;

import static java.util.Objects.requireNonNull;

/**
 * Where a record sits in its source, for error messages and (later) dead-letter rows.
 *
 * @param source the file or partition, as the user would name it (a path, {@code topic-3})
 * @param line the 1-based line where the record starts, or 0 when the source has no lines
 * @param offset the 0-based byte offset (or source offset) of the record's start, or -1 if unknown
 * @param column the 1-based column (field) number, or 0 when the problem is the whole record
 * @param columnName the column's name, or null when the problem is the whole record
 */
public record RecordPosition(String source, long line, long offset, int column, String columnName) {
    public RecordPosition {
        requireNonNull(source, "source is null");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
        if (column < 0) {
            throw new IllegalArgumentException("column must not be negative: " + column);
        }
    }

    /** {@code path:line:column} in the style of a compiler, for the start of an error message. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) {
                text.append(':').append(column);
            }
        } else if (offset >= 0) {
            text.append(" at offset ").append(offset);
        }
        return text.toString();
    }
}
