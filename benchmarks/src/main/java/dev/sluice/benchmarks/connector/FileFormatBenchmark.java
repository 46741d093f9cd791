package dev.sluice.benchmarks.connector;

import dev.sluice.checkpoint.LocalPublishOnceStore;
import dev.sluice.connector.Connectors;
import dev.sluice.connector.InputPartition;
import dev.sluice.connector.LatestOffsetRequest;
import dev.sluice.connector.Offset;
import dev.sluice.connector.PartitionReader;
import dev.sluice.connector.PlanPartitionsRequest;
import dev.sluice.connector.ReadLimit;
import dev.sluice.connector.ReaderRequest;
import dev.sluice.connector.Sink;
import dev.sluice.connector.SinkCommitRequest;
import dev.sluice.connector.SinkWriter;
import dev.sluice.connector.Source;
import dev.sluice.connector.TableContext;
import dev.sluice.connector.WriterRequest;
import dev.sluice.connector.log.CheckpointSourceLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rows per second through the {@code filesystem} connector's formats, on a typical row (BIGINT, VARCHAR, DOUBLE,
 * DECIMAL(10,2), TIMESTAMP(3)), through the public SPI as a task uses it: a {@link PartitionReader} decoding a file
 * into Arrow batches, and a {@link SinkWriter} encoding Arrow batches into an in-progress file. Throughput mode
 * with one operation per row, so the score reads as rows/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.nio=ALL-UNNAMED")
public class FileFormatBenchmark {
    private static final int BATCH_ROWS = 8192;
    private static final int BATCHES_PER_FILE = 64;
    private static final int ROWS_PER_FILE = BATCH_ROWS * BATCHES_PER_FILE;
    private static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("name", new ArrowType.Utf8()),
            Field.nullable("price", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("amount", new ArrowType.Decimal(10, 2, 128)),
            Field.nullable("ts", new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MILLISECOND, null))));

    @Param({"csv", "json"})
    public String format;

    private Path directory;
    private BufferAllocator allocator;
    private VectorSchemaRoot batch;
    private Source source;
    private Sink sink;
    private InputPartition oneFile;
    private long batchId;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("sluice-format-bench");
        allocator = new RootAllocator();
        batch = sampleBatch(allocator);
        Connectors connectors = Connectors.discover();
        Map<String, String> options = Map.of("connector", "filesystem", "path",
                directory.resolve("table").toString(), "format", format);
        sink = connectors.createSink(TableContext.of("bench_out", SCHEMA, options));
        SinkWriter writer = sink.createWriter(new WriterRequest("bench", batchId++, 0, allocator));
        for (int i = 0; i < BATCHES_PER_FILE; i++) {
            writer.write(batch);
        }
        sink.commit(new SinkCommitRequest("bench", 0, List.of(writer.commit())));
        writer.close();

        source = connectors.createSource(new TableContext("bench_in", SCHEMA, options,
                new CheckpointSourceLog(new LocalPublishOnceStore(directory.resolve("checkpoint")), 0)));
        Offset end = source.latestOffset(new LatestOffsetRequest(source.initialOffset(), ReadLimit.ALL_AVAILABLE));
        List<InputPartition> partitions = source.planInputPartitions(
                new PlanPartitionsRequest(source.initialOffset(), end, 0, 1));
        if (partitions.size() != 1) {
            throw new IllegalStateException("expected one partition, got " + partitions.size());
        }
        oneFile = partitions.get(0);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        batch.close();
        source.close();
        sink.close();
        allocator.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Decodes one file of 524,288 rows into Arrow batches. */
    @Benchmark
    @OperationsPerInvocation(ROWS_PER_FILE)
    public long read() throws IOException {
        long rows = 0;
        try (PartitionReader reader = source.createReader(new ReaderRequest(oneFile, allocator, BATCH_ROWS))) {
            while (reader.loadNextBatch()) {
                rows += reader.root().getRowCount();
            }
        }
        if (rows != ROWS_PER_FILE) {
            throw new IllegalStateException("read " + rows + " rows, expected " + ROWS_PER_FILE);
        }
        return rows;
    }

    /** Encodes 524,288 rows into an in-progress file (fsynced by the writer's commit), then throws it away. */
    @Benchmark
    @OperationsPerInvocation(ROWS_PER_FILE)
    public void write() throws IOException {
        try (SinkWriter writer = sink.createWriter(new WriterRequest("bench", batchId++, 0, allocator))) {
            for (int i = 0; i < BATCHES_PER_FILE; i++) {
                writer.write(batch);
            }
            writer.commit();
            writer.abort();
        }
    }

    private static VectorSchemaRoot sampleBatch(BufferAllocator allocator) {
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
