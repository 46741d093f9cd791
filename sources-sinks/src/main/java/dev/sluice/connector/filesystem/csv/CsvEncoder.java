package dev.sluice.connector.filesystem.csv;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.filesystem.format.Column;
import dev.sluice.connector.filesystem.format.ColumnType;
import dev.sluice.connector.filesystem.format.ColumnVectors;
import dev.sluice.connector.filesystem.format.DateTimeText;
import dev.sluice.connector.filesystem.format.NumberText;
import dev.sluice.connector.filesystem.format.RecordEncoder;
import dev.sluice.connector.filesystem.format.ValueFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes Arrow batches as RFC 4180 CSV without a header, UTF-8, one record per row ended by LF.
 *
 * <p>Values: NULL is an empty unquoted field; the empty string is {@code ""}. A VARCHAR is quoted only when it
 * must be, or when a reader might otherwise change it: when it is empty, holds a comma, quote, CR or LF, or starts
 * or ends with a space or tab (readers that trim unquoted fields would lose those). A quote inside is doubled.
 * BOOLEAN is {@code true}/{@code false}; DOUBLE is Java's shortest round-trip text ({@link Double#toString} on Java 19+; the shortest text that reads back as the
 * same double; {@code NaN}, {@code Infinity}, {@code -Infinity}); DECIMAL has exactly its scale's fraction
 * digits ({@code 12.50}); DATE is {@code yyyy-MM-dd}; TIMESTAMP(3) is {@code yyyy-MM-dd HH:mm:ss.SSS} in UTC.
 *
 * <p>How: values are read straight from the vectors' buffers (validity bits, fixed-width values, VarChar
 * offsets and bytes), so no per-row object or per-row virtual call is made except {@code Double.toString} and
 * decimals wider than a long; bytes go to a buffer that is handed to the stream when full.
 */
public final class CsvEncoder implements RecordEncoder {
    private static final int BUFFER_SIZE = 64 * 1024;
    /** Room for any non-VARCHAR value plus its separator. */
    private static final int MAX_FIXED_VALUE = 64;

    private final OutputStream output;
    private final String destination;
    private final List<Column> columnList;
    private final Column[] columns;
    private final ColumnType[] types;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private byte[] text = new byte[1024];

    // Per batch: each column's buffers, looked up once.
    private final ArrowBuf[] validity;
    private final ArrowBuf[] values;
    private final ArrowBuf[] offsets;

    /**
     * @param output where the bytes go; not closed by this encoder
     * @param destination the file being written, for messages
     */
    public CsvEncoder(OutputStream output, String destination, List<Column> columns) {
        this.output = requireNonNull(output, "output is null");
        this.destination = requireNonNull(destination, "destination is null");
        this.columnList = List.copyOf(requireNonNull(columns, "columns is null"));
        this.columns = columnList.toArray(new Column[0]);
        this.types = new ColumnType[this.columns.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = this.columns[i].type();
        }
        validity = new ArrowBuf[types.length];
        values = new ArrowBuf[types.length];
        offsets = new ArrowBuf[types.length];
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
        FieldVector[] vectors = ColumnVectors.of(batch, columnList, destination);
        int rows = batch.getRowCount();
        if (rows == 0) {
            return;
        }
        for (int column = 0; column < vectors.length; column++) {
            validity[column] = vectors[column].getValidityBuffer();
            values[column] = vectors[column].getDataBuffer();
            offsets[column] = types[column] == ColumnType.VARCHAR ? vectors[column].getOffsetBuffer() : null;
        }
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < types.length; column++) {
                if (column > 0) {
                    put((byte) ',');
                }
                if ((validity[column].getByte(row >>> 3) >> (row & 7) & 1) == 0) {
                    continue; // NULL: an empty unquoted field
                }
                if (types[column] == ColumnType.VARCHAR) {
                    writeText(row, column);
                } else {
                    writeFixedWidth(vectors, row, column);
                }
            }
            put((byte) '\n');
        }
    }

    private void writeFixedWidth(FieldVector[] vectors, int row, int column) throws IOException {
        if (BUFFER_SIZE - position < MAX_FIXED_VALUE) {
            flushBuffer();
        }
        ArrowBuf data = values[column];
        try {
            switch (types[column]) {
                case BOOLEAN:
                    position = (data.getByte(row >>> 3) >> (row & 7) & 1) != 0
                            ? putAscii("true", position)
                            : putAscii("false", position);
                    break;
                case INT:
                    position = NumberText.writeLong(data.getInt((long) row * 4), buffer, position);
                    break;
                case BIGINT:
                    position = NumberText.writeLong(data.getLong((long) row * 8), buffer, position);
                    break;
                case DOUBLE:
                    position = NumberText.writeDouble(data.getDouble((long) row * 8), buffer, position);
                    break;
                case DECIMAL:
                    writeDecimal((DecimalVector) vectors[column], row, column);
                    break;
                case DATE:
                    position = DateTimeText.formatDate(data.getInt((long) row * 4), buffer, position);
                    break;
                case TIMESTAMP:
                    position = DateTimeText.formatTimestamp(data.getLong((long) row * 8), buffer, position);
                    break;
                case VARCHAR:
                    throw new AssertionError("VARCHAR is written by writeText");
            }
        } catch (ValueFormatException unwritable) {
            throw new IOException(destination + ": cannot write column '" + columns[column].name() + "' of row "
                    + row + " of a batch: " + unwritable.reason());
        }
    }

    private void writeDecimal(DecimalVector vector, int row, int column) throws IOException {
        ArrowBuf data = values[column];
        long low = data.getLong((long) row * 16);
        long high = data.getLong((long) row * 16 + 8);
        int scale = columns[column].scale();
        if (high == low >> 63) {
            // The 128-bit little-endian value fits a long: no BigDecimal needed. At most a sign, 39 digits and a
            // point, within MAX_FIXED_VALUE.
            position = NumberText.writeDecimal(low, scale, buffer, position);
        } else {
            putBytes(vector.getObjectNotNull(row).toPlainString());
        }
    }

    private void writeText(int row, int column) throws IOException {
        ArrowBuf offsetBuffer = offsets[column];
        int start = offsetBuffer.getInt((long) row * 4);
        int length = offsetBuffer.getInt((long) row * 4 + 4) - start;
        if (text.length < length) {
            text = new byte[Math.max(length, text.length * 2)];
        }
        values[column].getBytes(start, text, 0, length);
        if (!needsQuotes(text, length)) {
            putBytes(text, 0, length);
            return;
        }
        put((byte) '"');
        int runStart = 0;
        for (int i = 0; i < length; i++) {
            if (text[i] == '"') {
                putBytes(text, runStart, i + 1 - runStart); // up to and including the quote...
                runStart = i; // ...which is written again at the start of the next run
            }
        }
        putBytes(text, runStart, length - runStart);
        put((byte) '"');
    }

    private static boolean needsQuotes(byte[] bytes, int length) {
        if (length == 0) {
            return true; // "" is the empty string; an empty unquoted field is NULL
        }
        byte first = bytes[0];
        byte last = bytes[length - 1];
        if (first == ' ' || first == '\t' || last == ' ' || last == '\t') {
            return true;
        }
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b == ',' || b == '"' || b == '\n' || b == '\r') {
                return true;
            }
        }
        return false;
    }

    private int putAscii(String ascii, int at) {
        int length = ascii.length();
        for (int i = 0; i < length; i++) {
            buffer[at + i] = (byte) ascii.charAt(i);
        }
        return at + length;
    }

    private void putBytes(String ascii) throws IOException {
        if (BUFFER_SIZE - position < ascii.length()) {
            flushBuffer();
        }
        position = putAscii(ascii, position);
    }

    private void put(byte b) throws IOException {
        if (position == BUFFER_SIZE) {
            flushBuffer();
        }
        buffer[position++] = b;
    }

    private void putBytes(byte[] bytes, int offset, int length) throws IOException {
        if (BUFFER_SIZE - position < length) {
            flushBuffer();
            if (length > BUFFER_SIZE) {
                output.write(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
    }

    private void flushBuffer() throws IOException {
        output.write(buffer, 0, position);
        position = 0;
    }

    @Override
    public void flush() throws IOException {
        flushBuffer();
        output.flush();
    }
}
