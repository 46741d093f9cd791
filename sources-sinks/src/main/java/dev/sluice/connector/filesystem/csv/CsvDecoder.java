package dev.sluice.connector.filesystem.csv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.sluice.connector.MalformedRecordException;
import dev.sluice.connector.RecordPosition;
import dev.sluice.connector.filesystem.format.Column;
import dev.sluice.connector.filesystem.format.ColumnType;
import dev.sluice.connector.filesystem.format.DateTimeText;
import dev.sluice.connector.filesystem.format.NumberText;
import dev.sluice.connector.filesystem.format.RecordDecoder;
import dev.sluice.connector.filesystem.format.Utf8;
import dev.sluice.connector.filesystem.format.ValueFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Reads RFC 4180 CSV without a header, UTF-8, straight from bytes into Arrow vectors.
 *
 * <p>Rules: fields are separated by {@code ,}; a record ends at LF, CRLF or a lone CR, or at the end of the file
 * (a missing final newline is fine); any field may be quoted with {@code "}, and a quoted field may hold commas,
 * CR, LF and quotes written as {@code ""}. An empty unquoted field is NULL; a quoted empty field {@code ""} is
 * the empty string for VARCHAR and NULL for the other types (which have no empty value). Every record must have
 * exactly one field per column; an empty line is a record with one empty field. A UTF-8 byte order mark at the
 * start of the file is skipped. A quote inside an unquoted field, or anything but a separator after a closing
 * quote, is an error rather than a guess.
 *
 * <p>How: the file is read into a byte buffer; one pass over a record finds its field boundaries (no copying, no
 * per-field objects), then each field is parsed from the buffer into its vector: numbers, booleans, dates and
 * timestamps digit by digit, text by copying its bytes (after checking they are UTF-8). Only a quoted field
 * that contains {@code ""} is copied once to remove the doubled quotes. A record is always whole in the buffer:
 * when one runs past its end, the buffer is compacted (and grown if the record is larger than the buffer) and the
 * record scanned again.
 *
 * <p>Errors name the file, the line where the record starts (1-based, counting the line breaks inside quoted
 * fields), the record's byte offset, the field number and the column, and carry the record's text.
 */
public final class CsvDecoder implements RecordDecoder {
    private static final int INITIAL_BUFFER_SIZE = 64 * 1024;
    private static final int MAX_SHOWN_VALUE = 100;

    private static final byte COMMA = ',';
    private static final byte QUOTE = '"';
    private static final byte CARRIAGE_RETURN = '\r';
    private static final byte LINE_FEED = '\n';

    private static final byte QUOTED = 1;
    private static final byte HAS_DOUBLED_QUOTES = 2;

    /** Outcomes of scanning one record. */
    private static final int RECORD = 0;
    private static final int NEED_MORE_INPUT = 1;
    private static final int END_OF_FILE = 2;

    private final InputStream input;
    private final String source;
    private final Column[] columns;
    private final ColumnType[] types;

    private byte[] buffer = new byte[INITIAL_BUFFER_SIZE];
    private int position;
    private int limit;
    /** The file offset of {@code buffer[0]}. */
    private long bufferOffset;
    private boolean endOfInput;
    private boolean started;
    /** The line number at {@code position}. */
    private long line = 1;

    // The record found by the last successful scan.
    private int recordStart;
    private int recordEnd;
    private long recordLine;
    private int fieldCount;
    private final int[] fieldStarts;
    private final int[] fieldEnds;
    private final byte[] fieldFlags;

    private byte[] unquoted = new byte[256];

    /**
     * @param input the file's bytes; closed by {@link #close()}
     * @param source the file as users name it, for messages
     */
    public CsvDecoder(InputStream input, String source, List<Column> columns) {
        this.input = requireNonNull(input, "input is null");
        this.source = requireNonNull(source, "source is null");
        this.columns = requireNonNull(columns, "columns is null").toArray(new Column[0]);
        if (this.columns.length == 0) {
            throw new IllegalArgumentException("a CSV file needs at least one column: " + source);
        }
        this.types = new ColumnType[this.columns.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = this.columns[i].type();
        }
        fieldStarts = new int[this.columns.length];
        fieldEnds = new int[this.columns.length];
        fieldFlags = new byte[this.columns.length];
    }

    @Override
    public int decode(FieldVector[] vectors, int firstRow, int maxRows) throws IOException {
        if (!started) {
            skipByteOrderMark();
            started = true;
        }
        int row = firstRow;
        int endRow = firstRow + maxRows;
        while (row < endRow) {
            int outcome = scanRecord();
            while (outcome == NEED_MORE_INPUT) {
                fill();
                outcome = scanRecord();
            }
            if (outcome == END_OF_FILE) {
                break;
            }
            convertRecord(vectors, row);
            row++;
        }
        return row - firstRow;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }

    private void skipByteOrderMark() throws IOException {
        while (limit < 3 && !endOfInput) {
            fill();
        }
        if (limit >= 3 && (buffer[0] & 0xFF) == 0xEF && (buffer[1] & 0xFF) == 0xBB && (buffer[2] & 0xFF) == 0xBF) {
            position = 3;
        }
    }

    /** Keeps the unfinished record at the front of the buffer and reads more bytes after it. */
    private void fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            bufferOffset += position;
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            if (buffer.length > Integer.MAX_VALUE / 2 - 16) {
                throw new IOException(source + ":" + line + ": a record longer than 1 GiB cannot be read");
            }
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = input.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            endOfInput = true;
        } else {
            limit += read;
        }
    }

    /**
     * Finds the fields of the record at {@code position}. Returns {@link #NEED_MORE_INPUT} when the record (or
     * the byte after it that decides how it ends) is not in the buffer yet; the caller fills and scans again.
     */
    private int scanRecord() {
        int index = position;
        if (index == limit) {
            return endOfInput ? END_OF_FILE : NEED_MORE_INPUT;
        }
        fieldCount = 0;
        long lineBreaksInside = 0;
        while (true) {
            // index is at the start of a field
            if (index < limit && buffer[index] == QUOTE) {
                int contentStart = index + 1;
                int scan = contentStart;
                boolean doubledQuotes = false;
                while (true) {
                    if (scan == limit) {
                        if (!endOfInput) {
                            return NEED_MORE_INPUT;
                        }
                        throw malformed(position, limit, line, fieldCount + 1,
                                "unterminated quoted field: the file ends before its closing quote");
                    }
                    byte b = buffer[scan];
                    if (b == QUOTE) {
                        if (scan + 1 == limit && !endOfInput) {
                            return NEED_MORE_INPUT;
                        }
                        if (scan + 1 < limit && buffer[scan + 1] == QUOTE) {
                            doubledQuotes = true;
                            scan += 2;
                            continue;
                        }
                        break;
                    }
                    if (b == LINE_FEED) {
                        lineBreaksInside++;
                    } else if (b == CARRIAGE_RETURN) {
                        if (scan + 1 == limit && !endOfInput) {
                            return NEED_MORE_INPUT;
                        }
                        if (scan + 1 == limit || buffer[scan + 1] != LINE_FEED) {
                            lineBreaksInside++; // a lone CR; CRLF counts once, at its LF
                        }
                    }
                    scan++;
                }
                addField(contentStart, scan, doubledQuotes ? (byte) (QUOTED | HAS_DOUBLED_QUOTES) : QUOTED);
                index = scan + 1; // past the closing quote
                if (index == limit) {
                    if (!endOfInput) {
                        return NEED_MORE_INPUT;
                    }
                    return endRecord(index, lineBreaksInside);
                }
                byte next = buffer[index];
                if (next == COMMA) {
                    index++;
                    continue;
                }
                if (next == LINE_FEED || next == CARRIAGE_RETURN) {
                    return endRecord(index, lineBreaksInside);
                }
                throw malformed(position, lineEnd(index), line, fieldCount,
                        "unexpected character '" + printable(next) + "' after the closing quote"
                                + " (a quote inside a quoted field is written as \"\")");
            }
            int scan = index;
            while (scan < limit) {
                byte b = buffer[scan];
                if (b == COMMA || b == LINE_FEED || b == CARRIAGE_RETURN || b == QUOTE) {
                    break;
                }
                scan++;
            }
            if (scan == limit && !endOfInput) {
                return NEED_MORE_INPUT;
            }
            if (scan < limit && buffer[scan] == QUOTE) {
                throw malformed(position, lineEnd(scan), line, fieldCount + 1,
                        "quote inside an unquoted field (quote the whole field and write the quote as \"\")");
            }
            addField(index, scan, (byte) 0);
            if (scan < limit && buffer[scan] == COMMA) {
                index = scan + 1;
                continue;
            }
            return endRecord(scan, lineBreaksInside);
        }
    }

    private void addField(int start, int end, byte flags) {
        if (fieldCount < fieldStarts.length) {
            fieldStarts[fieldCount] = start;
            fieldEnds[fieldCount] = end;
            fieldFlags[fieldCount] = flags;
        }
        fieldCount++; // counted past the columns too, for the message
    }

    /** Ends the record whose last field stops at {@code terminator} (a CR, an LF, or the end of the file). */
    private int endRecord(int terminator, long lineBreaksInside) {
        int next = terminator;
        if (next < limit) {
            if (buffer[next] == CARRIAGE_RETURN) {
                if (next + 1 == limit && !endOfInput) {
                    return NEED_MORE_INPUT; // is it CRLF?
                }
                next++;
                if (next < limit && buffer[next] == LINE_FEED) {
                    next++;
                }
            } else {
                next++;
            }
        }
        recordStart = position;
        recordEnd = terminator;
        recordLine = line;
        line += 1 + lineBreaksInside;
        position = next;
        return RECORD;
    }

    private void convertRecord(FieldVector[] vectors, int row) {
        if (fieldCount != columns.length) {
            throw malformed(recordStart, recordEnd, recordLine, 0,
                    "expected " + columns.length + (columns.length == 1 ? " field" : " fields") + ", found "
                            + fieldCount);
        }
        for (int column = 0; column < columns.length; column++) {
            byte[] text = buffer;
            int start = fieldStarts[column];
            int end = fieldEnds[column];
            byte flags = fieldFlags[column];
            if ((flags & HAS_DOUBLED_QUOTES) != 0) {
                end = removeDoubledQuotes(start, end);
                start = 0;
                text = unquoted;
            }
            if (start == end && (types[column] != ColumnType.VARCHAR || (flags & QUOTED) == 0)) {
                vectors[column].setNull(row);
                continue;
            }
            try {
                switch (types[column]) {
                    case BOOLEAN:
                        ((BitVector) vectors[column]).setSafe(row, NumberText.parseBoolean(text, start, end) ? 1 : 0);
                        break;
                    case INT:
                        ((IntVector) vectors[column]).setSafe(row, NumberText.parseInt(text, start, end));
                        break;
                    case BIGINT:
                        ((BigIntVector) vectors[column]).setSafe(row, NumberText.parseLong(text, start, end));
                        break;
                    case DOUBLE:
                        ((Float8Vector) vectors[column]).setSafe(row, NumberText.parseDouble(text, start, end));
                        break;
                    case DECIMAL:
                        setDecimal((DecimalVector) vectors[column], row, columns[column], text, start, end);
                        break;
                    case VARCHAR:
                        if (!Utf8.isValid(text, start, end)) {
                            throw new ValueFormatException("not valid UTF-8");
                        }
                        ((VarCharVector) vectors[column]).setSafe(row, text, start, end - start);
                        break;
                    case DATE:
                        ((DateDayVector) vectors[column]).setSafe(row, DateTimeText.parseDate(text, start, end));
                        break;
                    case TIMESTAMP:
                        ((TimeStampMilliVector) vectors[column])
                                .setSafe(row, DateTimeText.parseTimestamp(text, start, end));
                        break;
                }
            } catch (ValueFormatException bad) {
                String problem = "cannot parse \"" + shown(text, start, end) + "\" as " + columns[column].sqlType()
                        + (bad.reason() == null ? "" : ": " + bad.reason());
                throw malformed(recordStart, recordEnd, recordLine, column + 1, problem);
            }
        }
    }

    private static void setDecimal(DecimalVector vector, int row, Column column, byte[] text, int start, int end)
            throws ValueFormatException {
        if (column.precision() <= NumberText.MAX_LONG_DECIMAL_PRECISION) {
            vector.setSafe(row, NumberText.parseDecimal(text, start, end, column.precision(), column.scale()));
        } else {
            vector.setSafe(row, NumberText.parseBigDecimal(text, start, end, column.precision(), column.scale()));
        }
    }

    /** Copies a quoted field's content to {@link #unquoted} with each {@code ""} as one quote; returns its length. */
    private int removeDoubledQuotes(int start, int end) {
        if (unquoted.length < end - start) {
            unquoted = new byte[Math.max(end - start, unquoted.length * 2)];
        }
        int length = 0;
        for (int i = start; i < end; i++) {
            byte b = buffer[i];
            unquoted[length++] = b;
            if (b == QUOTE) {
                i++; // the scan guaranteed that the next byte is the second quote
            }
        }
        return length;
    }

    /** Where the physical line that holds {@code index} ends, to show a broken record up to its end of line. */
    private int lineEnd(int index) {
        int end = index;
        while (end < limit && buffer[end] != LINE_FEED && buffer[end] != CARRIAGE_RETURN) {
            end++;
        }
        return end;
    }

    private MalformedRecordException malformed(int start, int end, long recordLineNumber, int field, String problem) {
        String columnName = field >= 1 && field <= columns.length ? columns[field - 1].name() : null;
        RecordPosition where = new RecordPosition(source, recordLineNumber, bufferOffset + start, field, columnName);
        return new MalformedRecordException(where, problem, new String(buffer, start, end - start, UTF_8));
    }

    private static String shown(byte[] text, int start, int end) {
        String value = new String(text, start, end - start, UTF_8);
        return value.length() > MAX_SHOWN_VALUE ? value.substring(0, MAX_SHOWN_VALUE) + "..." : value;
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7F ? Character.toString((char) b) : String.format("\\x%02x", b & 0xFF);
    }
}
