package dev.sluice.connector.filesystem.format;

import java.io.Closeable;
import java.io.IOException;
import org.apache.arrow.vector.FieldVector;

/**
 * Reads the records of one file into Arrow vectors, one vector per column in column order, of the types
 * {@link ColumnType} names. A decoder reads its file once, front to back.
 *
 * @throws dev.sluice.connector.MalformedRecordException (from {@link #decode}) naming the file, line, byte offset
 *     and column of a record that does not fit the columns
 */
public interface RecordDecoder extends Closeable {

    /**
     * Appends up to {@code maxRows} records as rows {@code firstRow, firstRow + 1, ...} of {@code vectors}, growing
     * them as needed (the caller sets the value counts).
     *
     * @return the number of rows appended; 0 only once the file is exhausted
     */
    int decode(FieldVector[] vectors, int firstRow, int maxRows) throws IOException;
}
