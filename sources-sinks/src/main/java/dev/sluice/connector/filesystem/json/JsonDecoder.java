package dev.sluice.connector.filesystem.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
 * Reads JSON Lines (one JSON object per record, as {@link JsonEncoder} writes them) into Arrow vectors with
 * Jackson's streaming parser.
 *
 * <p>Rules: fields are matched to columns by name (case-sensitive); a missing field or {@code null} is NULL;
 * unknown fields are skipped whatever their value; a field twice in one object is an error. Values: BOOLEAN
 * {@code true}/{@code false}; INT and BIGINT integral numbers in range; DOUBLE any number, or the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}; DECIMAL any number (rounded half up to the scale, as in
 * CSV); VARCHAR a string; DATE and TIMESTAMP(3) strings in the forms CSV reads ({@code "yyyy-MM-dd HH:mm:ss.SSS"},
 * or ISO-8601 with {@code T} and an optional {@code Z}). A string holding a number or boolean is read as one, so
 * quoted numbers work as in CSV. Blank lines between records are skipped.
 *
 * <p>Errors name the file, the line and byte offset where the record starts, and the column; the record's text
 * is read back from the file only when an error is reported.
 */
public final class JsonDecoder implements RecordDecoder {
    /** Shared: Jackson factories are thread-safe and costly to create. */
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final int MAX_RAW_TEXT = 4096;
    private static final Pattern JACKSON_LOCATION =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");
    private static final int MAX_SHOWN_VALUE = 100;

    private final Path file;
    private final String source;
    private final Column[] columns;
    private final ColumnType[] types;
    private final Map<String, Integer> columnIndexes;
    private final boolean[] present;
    private JsonParser parser;

    private long recordLine;
    private long recordOffset;
    private byte[] bytes = new byte[256];

    /**
     * @param file the file to read; opened on the first {@link #decode}
     * @param columns the table's columns
     */
    public JsonDecoder(Path file, List<Column> columns) {
        this.file = requireNonNull(file, "file is null");
        this.source = file.toString();
        this.columns = requireNonNull(columns, "columns is null").toArray(new Column[0]);
        this.types = new ColumnType[this.columns.length];
        this.columnIndexes = new HashMap<>();
        for (int i = 0; i < this.columns.length; i++) {
            types[i] = this.columns[i].type();
            columnIndexes.put(this.columns[i].name(), i);
        }
        this.present = new boolean[this.columns.length];
    }

    @Override
    public int decode(FieldVector[] vectors, int firstRow, int maxRows) throws IOException {
        if (parser == null) {
            parser = FACTORY.createParser(file.toFile());
        }
        int row = firstRow;
        int endRow = firstRow + maxRows;
        recordLine = 0;
        try {
            while (row < endRow) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    break;
                }
                JsonLocation start = parser.currentTokenLocation();
                recordLine = start.getLineNr();
                recordOffset = start.getByteOffset();
                if (token != JsonToken.START_OBJECT) {
                    throw malformed(0, "expected a JSON object, found " + describe(token));
                }
                readObject(vectors, row);
                recordLine = 0;
                row++;
            }
        } catch (JsonProcessingException invalid) {
            // Syntax errors, bad UTF-8, and Jackson's limits (nesting depth, number length) alike.
            throw invalidJson(invalid);
        }
        return row - firstRow;
    }

    private void readObject(FieldVector[] vectors, int row) throws IOException {
        Arrays.fill(present, false);
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            // Jackson hands out canonical (interned) names, so this lookup allocates nothing.
            Integer index = columnIndexes.get(parser.currentName());
            JsonToken value = parser.nextToken();
            if (index == null) {
                parser.skipChildren();
                continue;
            }
            int column = index;
            if (present[column]) {
                throw malformed(column + 1, "field '" + columns[column].name() + "' appears twice in one object");
            }
            present[column] = true;
            if (value == JsonToken.VALUE_NULL) {
                vectors[column].setNull(row);
            } else {
                readValue(vectors[column], row, column, value);
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw malformed(0, "expected a field name or '}', found " + describe(token));
        }
        for (int column = 0; column < present.length; column++) {
            if (!present[column]) {
                vectors[column].setNull(row);
            }
        }
    }

    private void readValue(FieldVector vector, int row, int column, JsonToken value) throws IOException {
        try {
            switch (types[column]) {
                case BOOLEAN:
                    if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                        ((BitVector) vector).setSafe(row, value == JsonToken.VALUE_TRUE ? 1 : 0);
                    } else {
                        int length = scalarBytes(column, value);
                        ((BitVector) vector).setSafe(row, NumberText.parseBoolean(bytes, 0, length) ? 1 : 0);
                    }
                    break;
                case INT:
                    if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
                        ((IntVector) vector).setSafe(row, parser.getIntValue());
                    } else {
                        int length = scalarBytes(column, value);
                        ((IntVector) vector).setSafe(row, NumberText.parseInt(bytes, 0, length));
                    }
                    break;
                case BIGINT:
                    if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                        ((BigIntVector) vector).setSafe(row, parser.getLongValue());
                    } else {
                        int length = scalarBytes(column, value);
                        ((BigIntVector) vector).setSafe(row, NumberText.parseLong(bytes, 0, length));
                    }
                    break;
                case DOUBLE: {
                    int length = scalarBytes(column, value);
                    ((Float8Vector) vector).setSafe(row, NumberText.parseDouble(bytes, 0, length));
                    break;
                }
                case DECIMAL: {
                    int length = scalarBytes(column, value);
                    Column decimal = columns[column];
                    if (decimal.precision() <= NumberText.MAX_LONG_DECIMAL_PRECISION) {
                        ((DecimalVector) vector).setSafe(row,
                                NumberText.parseDecimal(bytes, 0, length, decimal.precision(), decimal.scale()));
                    } else {
                        ((DecimalVector) vector).setSafe(row,
                                NumberText.parseBigDecimal(bytes, 0, length, decimal.precision(), decimal.scale()));
                    }
                    break;
                }
                case VARCHAR: {
                    if (value != JsonToken.VALUE_STRING) {
                        throw malformed(column + 1, "expected a JSON string for VARCHAR, found " + describe(value));
                    }
                    int length = textBytes(column);
                    ((VarCharVector) vector).setSafe(row, bytes, 0, length);
                    break;
                }
                case DATE: {
                    int length = stringBytes(column, value);
                    ((DateDayVector) vector).setSafe(row, DateTimeText.parseDate(bytes, 0, length));
                    break;
                }
                case TIMESTAMP: {
                    int length = stringBytes(column, value);
                    ((TimeStampMilliVector) vector).setSafe(row, DateTimeText.parseTimestamp(bytes, 0, length));
                    break;
                }
            }
        } catch (ValueFormatException bad) {
            String text = parser.getText();
            if (text.length() > MAX_SHOWN_VALUE) {
                text = text.substring(0, MAX_SHOWN_VALUE) + "...";
            }
            throw malformed(column + 1, "cannot parse \"" + text + "\" as " + columns[column].sqlType()
                    + (bad.reason() == null ? "" : ": " + bad.reason()));
        }
    }

    /** The text of a number, boolean or string value as bytes in {@link #bytes}; other values are an error. */
    private int scalarBytes(int column, JsonToken value) throws IOException {
        switch (value) {
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
            case VALUE_TRUE:
            case VALUE_FALSE:
            case VALUE_STRING:
                return textBytes(column);
            default:
                throw malformed(column + 1, "expected a value for " + columns[column].sqlType() + ", found "
                        + describe(value));
        }
    }

    private int stringBytes(int column, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw malformed(column + 1, "expected a JSON string for " + columns[column].sqlType() + ", found "
                    + describe(value));
        }
        return textBytes(column);
    }

    /** The current token's text as UTF-8 in {@link #bytes}, without making a String. */
    private int textBytes(int column) throws IOException {
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        int needed = Utf8.maxEncodedLength(length);
        if (bytes.length < needed) {
            bytes = new byte[Math.max(needed, bytes.length * 2)];
        }
        int end = Utf8.encode(chars, offset, offset + length, bytes, 0);
        if (end < 0) {
            throw malformed(column + 1, "the string holds an unpaired surrogate (\\uD800-\\uDFFF), which is not text");
        }
        return end;
    }

    private String describe(JsonToken token) throws IOException {
        if (token == null) {
            return "the end of the file";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "the string \"" + parser.getText() + "\"";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "the number " + parser.getText();
            case VALUE_TRUE:
            case VALUE_FALSE:
            case VALUE_NULL:
                return parser.getText();
            default:
                return "'" + token.asString() + "'";
        }
    }

    private MalformedRecordException invalidJson(JsonProcessingException invalid) {
        JsonLocation at = invalid.getLocation();
        long line = recordLine > 0 ? recordLine : at == null ? 0 : Math.max(0, at.getLineNr());
        long offset = recordLine > 0 ? recordOffset : at == null ? -1 : at.getByteOffset();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", character " + at.getColumnNr() + ")";
        RecordPosition position = new RecordPosition(source, line, offset, 0, null);
        return new MalformedRecordException(position, "invalid JSON: " + withoutSource(invalid.getOriginalMessage())
                + where, rawText(offset));
    }

    /** Jackson names other locations as "[Source: ...; line: 2, column: 1]"; the file is named already. */
    private static String withoutSource(String message) {
        return JACKSON_LOCATION.matcher(message).replaceAll("line $1, character $2");
    }

    private MalformedRecordException malformed(int column, String problem) {
        String columnName = column >= 1 ? columns[column - 1].name() : null;
        RecordPosition position = new RecordPosition(source, recordLine, recordOffset, column, columnName);
        return new MalformedRecordException(position, problem, rawText(recordOffset));
    }

    /**
     * The line of the file from {@code offset} on, read again from the file: errors are rare, so the decoder
     * does not keep every record's text just in case.
     */
    private String rawText(long offset) {
        if (offset < 0) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer text = ByteBuffer.allocate(MAX_RAW_TEXT);
            channel.position(offset);
            while (text.hasRemaining() && channel.read(text) > 0) {
                // keep reading up to the limit
            }
            int length = 0;
            while (length < text.position() && text.get(length) != '\n' && text.get(length) != '\r') {
                length++;
            }
            return new String(text.array(), 0, length, UTF_8);
        } catch (IOException unreadable) {
            return null; // the message still has the position
        }
    }

    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close();
        }
    }
}
