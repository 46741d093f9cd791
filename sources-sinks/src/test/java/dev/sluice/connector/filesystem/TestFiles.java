package dev.sluice.connector.filesystem;

import dev.sluice.connector.filesystem.format.Column;
import dev.sluice.connector.filesystem.format.RecordDecoder;
import dev.sluice.connector.filesystem.format.RecordEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Writes rows with a format's encoder and reads files with its decoder, for format tests. */
public final class TestFiles {
    private TestFiles() {}

    /** The bytes {@code format} writes for {@code rows}, given as several batches of at most {@code batchRows}. */
    public static byte[] encode(FileFormat format, Schema schema, List<List<Object>> rows, int batchRows)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BufferAllocator allocator = new RootAllocator()) {
            RecordEncoder encoder = format.newEncoder(bytes, "test-output", Column.fromSchema("test", schema));
            for (int from = 0; from < rows.size(); from += batchRows) {
                List<List<Object>> slice = rows.subList(from, Math.min(rows.size(), from + batchRows));
                try (VectorSchemaRoot batch = TestBatches.batch(allocator, schema, slice)) {
                    encoder.write(batch);
                }
            }
            encoder.flush();
        }
        return bytes.toByteArray();
    }

    public static byte[] encode(FileFormat format, Schema schema, List<List<Object>> rows) throws IOException {
        return encode(format, schema, rows, 3);
    }

    /** Every row of {@code file}, decoded in batches of at most {@code batchRows}. */
    public static List<List<Object>> decode(FileFormat format, Path file, Schema schema, int batchRows)
            throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                RecordDecoder decoder = format.openDecoder(file, Column.fromSchema("test", schema))) {
            FieldVector[] vectors = root.getFieldVectors().toArray(new FieldVector[0]);
            while (true) {
                root.allocateNew();
                int count = decoder.decode(vectors, 0, batchRows);
                if (count == 0) {
                    break;
                }
                for (FieldVector vector : vectors) {
                    vector.setValueCount(count);
                }
                root.setRowCount(count);
                rows.addAll(TestBatches.rows(root));
            }
        }
        return rows;
    }

    public static List<List<Object>> decode(FileFormat format, Path file, Schema schema) throws IOException {
        return decode(format, file, schema, 2);
    }
}
