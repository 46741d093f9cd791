package dev.sluice.connector.filesystem.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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
 * Writes Arrow batches as JSON Lines with Jackson's streaming generator: one object per row, its fields in
 * column order, each followed by LF.
 *
 * <p>Values: NULL is written as {@code null} (not left out, so a reader sees every column); BOOLEAN as
 * {@code true}/{@code false}; INT, BIGINT and DECIMAL as JSON numbers (DECIMAL with exactly its scale's
 * fraction digits, never in exponent form); DOUBLE as a number in {@link Double#toString} form (as CSV writes it), and {@code NaN}
 * and the infinities, which JSON numbers cannot hold, as the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"}; VARCHAR as a string; DATE as {@code "yyyy-MM-dd"} and TIMESTAMP(3) as
 * {@code "yyyy-MM-dd HH:mm:ss.SSS"} (UTC). {@link JsonDecoder} reads all of these back to the same values.
 *
 * <p>How: values are read straight from the vectors' buffers; text goes to the generator as UTF-8 bytes
 * ({@code writeUTF8String}), dates, timestamps and decimals as chars formatted into a reused array.
 */
public final class JsonEncoder implements RecordEncoder {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final int MAX_FIXED_VALUE = 64;

    private final JsonGenerator generator;
    private final String destination;
    private final List<Column> columnList;
    private final Column[] columns;
    private final ColumnType[] types;
    private final SerializedString[] names;
    private final ArrowBuf[] validity;
    private final ArrowBuf[] values;
    private final ArrowBuf[] offsets;

    private final byte[] formatted = new byte[MAX_FIXED_VALUE];
    private final char[] formattedChars = new char[MAX_FIXED_VALUE];
    private byte[] text = new byte[1024];

    /**
     * @param output where the bytes go; not closed by this encoder
     * @param destination the file being written, for messages
     */
    public JsonEncoder(OutputStream output, String destination, List<Column> columns) throws IOException {
        requireNonNull(output, "output is null");
        this.destination = requireNonNull(destination, "destination is null");
        this.columnList = List.copyOf(requireNonNull(columns, "columns is null"));
        this.columns = columnList.toArray(new Column[0]);
        this.types = new ColumnType[this.columns.length];
        this.names = new SerializedString[this.columns.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = this.columns[i].type();
            names[i] = new SerializedString(this.columns[i].name());
        }
        validity = new ArrowBuf[types.length];
        values = new ArrowBuf[types.length];
        offsets = new ArrowBuf[types.length];
        generator = FACTORY.createGenerator(output, JsonEncoding.UTF8);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // Records are separated by the LF we write, not by the generator's default space between root values.
        generator.setRootValueSeparator(null);
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
            generator.writeStartObject();
            for (int column = 0; column < types.length; column++) {
                generator.writeFieldName(names[column]);
                if ((validity[column].getByte(row >>> 3) >> (row & 7) & 1) == 0) {
                    generator.writeNull();
                } else {
                    writeValue(vectors, row, column);
                }
            }
            generator.writeEndObject();
            generator.writeRaw('\n');
        }
    }

    private void writeValue(FieldVector[] vectors, int row, int column) throws IOException {
        ArrowBuf data = values[column];
        try {
            switch (types[column]) {
                case BOOLEAN:
                    generator.writeBoolean((data.getByte(row >>> 3) >> (row & 7) & 1) != 0);
                    break;
                case INT:
                    generator.writeNumber(data.getInt((long) row * 4));
                    break;
                case BIGINT:
                    generator.writeNumber(data.getLong((long) row * 8));
                    break;
                case DOUBLE: {
                    double value = data.getDouble((long) row * 8);
                    if (Double.isFinite(value)) {
                        int length = NumberText.writeDouble(value, formatted, 0);
                        widen(length);
                        generator.writeNumber(formattedChars, 0, length);
                    } else {
                        generator.writeNumber(value); // "NaN", "Infinity", "-Infinity" as strings (WRITE_NAN_AS_STRINGS)
                    }
                    break;
                }
                case DECIMAL:
                    writeDecimal((DecimalVector) vectors[column], row, column);
                    break;
                case VARCHAR: {
                    ArrowBuf offsetBuffer = offsets[column];
                    int start = offsetBuffer.getInt((long) row * 4);
                    int length = offsetBuffer.getInt((long) row * 4 + 4) - start;
                    if (text.length < length) {
                        text = new byte[Math.max(length, text.length * 2)];
                    }
                    data.getBytes(start, text, 0, length);
                    generator.writeUTF8String(text, 0, length);
                    break;
                }
                case DATE:
                    writeFormattedString(DateTimeText.formatDate(data.getInt((long) row * 4), formatted, 0));
                    break;
                case TIMESTAMP:
                    writeFormattedString(DateTimeText.formatTimestamp(data.getLong((long) row * 8), formatted, 0));
                    break;
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
        if (high == low >> 63) {
            int length = NumberText.writeDecimal(low, columns[column].scale(), formatted, 0);
            widen(length);
            generator.writeNumber(formattedChars, 0, length);
        } else {
            generator.writeNumber(vector.getObjectNotNull(row).toPlainString());
        }
    }

    private void writeFormattedString(int length) throws IOException {
        widen(length);
        generator.writeString(formattedChars, 0, length);
    }

    private void widen(int length) {
        for (int i = 0; i < length; i++) {
            formattedChars[i] = (char) formatted[i];
        }
    }

    @Override
    public void flush() throws IOException {
        generator.flush();
    }
}
