package dev.sluice.connector.filesystem;

import static dev.sluice.connector.filesystem.TestBatches.BIGINT;
import static dev.sluice.connector.filesystem.TestBatches.DOUBLE;
import static dev.sluice.connector.filesystem.TestBatches.TIMESTAMP;
import static dev.sluice.connector.filesystem.TestBatches.VARCHAR;
import static dev.sluice.connector.filesystem.TestBatches.column;
import static dev.sluice.connector.filesystem.TestBatches.decimal;
import static dev.sluice.connector.filesystem.TestBatches.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.connector.filesystem.format.Column;
import dev.sluice.connector.filesystem.format.RecordDecoder;
import dev.sluice.connector.filesystem.format.RecordEncoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write and read throughput of the formats on a typical row (BIGINT, VARCHAR, DOUBLE, DECIMAL(10,2),
 * TIMESTAMP(3)). A measurement, not a check: run with {@code -Dsluice.benchmarks=true}.
 */
@Tag("slow")
@EnabledIfSystemProperty(named = "sluice.benchmarks", matches = "true")
class FileFormatThroughputTest {
    private static final Schema SCHEMA = schema(column("id", BIGINT), column("name", VARCHAR),
            column("price", DOUBLE), column("amount", decimal(10, 2)), column("ts", TIMESTAMP));
    private static final int BATCH_ROWS = 8192;
    private static final int BATCHES = 250; // about 2 million rows

    @TempDir
    Path temp;

    @Test
    void csv() throws IOException {
        measure(FileFormat.CSV);
    }

    @Test
    void json() throws IOException {
        measure(FileFormat.JSON);
    }

    private void measure(FileFormat format) throws IOException {
        List<Column> columns = Column.fromSchema("bench", SCHEMA);
        Path file = temp.resolve("bench." + format.extension());
        long rows = (long) BATCH_ROWS * BATCHES;
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot batch = batch(allocator)) {
            for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up
                long writeStart = System.nanoTime();
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    RecordEncoder encoder = format.newEncoder(out, file.toString(), columns);
                    for (int i = 0; i < BATCHES; i++) {
                        encoder.write(batch);
                    }
                    encoder.flush();
                }
                long writeNanos = System.nanoTime() - writeStart;

                long readStart = System.nanoTime();
                long read = 0;
                try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
                        RecordDecoder decoder = format.openDecoder(file, columns)) {
                    FieldVector[] vectors = root.getFieldVectors().toArray(new FieldVector[0]);
                    for (FieldVector vector : vectors) {
                        vector.setInitialCapacity(BATCH_ROWS);
                        vector.allocateNew();
                    }
                    int count;
                    while ((count = decoder.decode(vectors, 0, BATCH_ROWS)) > 0) {
                        read += count;
                        for (FieldVector vector : vectors) {
                            vector.reset();
                        }
                    }
                }
                long readNanos = System.nanoTime() - readStart;
                assertEquals(rows, read);
                double megabytes = Files.size(file) / 1e6;
                System.out.printf(Locale.ROOT, "%s round %d: %,d rows, %.1f MB; write %.0f ms (%.2f M rows/s, %.0f MB/s);"
                        + " read %.0f ms (%.2f M rows/s, %.0f MB/s)%n", format, round, rows, megabytes,
                        writeNanos / 1e6, rows / (writeNanos / 1e9) / 1e6, megabytes / (writeNanos / 1e9),
                        readNanos / 1e6, rows / (readNanos / 1e9) / 1e6, megabytes / (readNanos / 1e9));
            }
        }
    }

    private static VectorSchemaRoot batch(BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector name = (VarCharVector) root.getVector("name");
        Float8Vector price = (Float8Vector) root.getVector("price");
        DecimalVector amount = (DecimalVector) root.getVector("amount");
        TimeStampMilliVector ts = (TimeStampMilliVector) root.getVector("ts");
        for (int i = 0; i < BATCH_ROWS; i++) {
            id.setSafe(i, 1_000_000L + i);
            name.setSafe(i, ("customer-" + i % 977 + (i % 50 == 0 ? ", inc." : "")).getBytes(StandardCharsets.UTF_8));
            price.setSafe(i, i * 0.25 + 0.1);
            amount.setSafe(i, (long) i * 37 % 1_000_000);
            ts.setSafe(i, 1_700_000_000_000L + i * 1_000L);
        }
        root.setRowCount(BATCH_ROWS);
        return root;
    }
}
