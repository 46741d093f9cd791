package dev.sluice.connector.print;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.SinkWriter;
import java.io.PrintStream;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Formats a batch column by column ({@link ValueText}), then prints its rows as {@code +I[v1, v2, ...]} lines:
 * one {@code print} call per chunk of text and one flush per batch. Each chunk ends at a row's end, so rows of
 * tasks that print at the same time never mix within a line.
 */
final class PrintSinkWriter implements SinkWriter {
    /** Roughly how many characters are printed at once; keeps the text of a very large batch from piling up. */
    private static final int CHUNK_CHARACTERS = 1 << 16;
    /** Flink's mark for an inserted row; Sluice's sinks receive only inserts. */
    private static final String INSERT = "+I[";

    private final PrintStream out;
    private final String linePrefix;
    private final String lineSeparator = System.lineSeparator();
    private long rowsWritten;

    PrintSinkWriter(PrintStream out, String linePrefix) {
        this.out = requireNonNull(out, "out is null");
        this.linePrefix = requireNonNull(linePrefix, "linePrefix is null");
    }

    @Override
    public void write(VectorSchemaRoot batch) {
        int rows = batch.getRowCount();
        if (rows == 0) {
            return;
        }
        List<FieldVector> vectors = batch.getFieldVectors();
        String[][] columns = new String[vectors.size()][];
        for (int column = 0; column < columns.length; column++) {
            columns[column] = ValueText.format(vectors.get(column), rows);
        }
        // A guess at the batch's text (about 12 characters a value), capped at a chunk and a row's slack.
        StringBuilder text = new StringBuilder((int) Math.min(CHUNK_CHARACTERS + 1024L,
                (long) rows * (8 + 12L * columns.length)));
        for (int row = 0; row < rows; row++) {
            text.append(linePrefix).append(INSERT);
            for (int column = 0; column < columns.length; column++) {
                if (column > 0) {
                    text.append(", ");
                }
                text.append(columns[column][row]);
            }
            text.append(']').append(lineSeparator);
            if (text.length() >= CHUNK_CHARACTERS) {
                out.print(text);
                text.setLength(0);
            }
        }
        out.print(text);
        out.flush();
        rowsWritten += rows;
    }

    @Override
    public String commit() {
        return "{\"rows\":" + rowsWritten + "}";
    }

    @Override
    public void abort() {
        // What was printed stays printed: the sink is at-least-once.
    }
}
