package dev.sluice.benchmarks.checkpoint;

import dev.sluice.checkpoint.CheckpointFileFormat;
import dev.sluice.checkpoint.CommitEntry;
import dev.sluice.checkpoint.CommitLog;
import dev.sluice.checkpoint.LocalPublishOnceStore;
import dev.sluice.checkpoint.OffsetEntry;
import dev.sluice.checkpoint.OffsetLog;
import dev.sluice.checkpoint.SourceOffsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one batch pays for its checkpoint on a local disk: one durable publish of {@code offsets/N} before it runs and
 * one of {@code commits/N} after (temporary file, fsync, hard link, directory fsync). Sample-time mode, so the
 * result shows the distribution (p50, p95, p99), not just a mean: an fsync's tail is what a trigger loop feels.
 *
 * <p>Each invocation publishes a new batch id, as the driver does; every iteration starts on an empty checkpoint.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class DurablePublishBenchmark {
    /** Where the checkpoint goes; empty for the JVM's temporary directory. Must be on the disk to measure. */
    @Param("")
    public String directory;

    private Path root;
    private LocalPublishOnceStore store;
    private OffsetLog offsets;
    private CommitLog commits;
    private byte[] offsetsFile;
    private long nextBatchId;

    @Setup(Level.Iteration)
    public void createCheckpoint() throws IOException {
        Path parent = Path.of(directory.isEmpty() ? System.getProperty("java.io.tmpdir") : directory);
        root = Files.createTempDirectory(parent, "publish-benchmark-");
        store = new LocalPublishOnceStore(root);
        offsets = new OffsetLog(store);
        commits = new CommitLog(store);
        offsetsFile = CheckpointFileFormat.encode(OffsetLog.KIND, OffsetLog.VERSION,
                List.of("{\"batchId\":0,\"batchTimestampMs\":1764028800000,\"watermarkMs\":1764028795000,"
                                + "\"settings\":{\"key-groups\":\"128\"}}",
                        "{\"index\":0,\"name\":\"bids\",\"start\":{\"row\":1000000},\"end\":{\"row\":1100000}}",
                        "{\"index\":1,\"name\":\"auctions\",\"start\":{\"row\":50000},\"end\":{\"row\":55000}}"));
        nextBatchId = 0;
    }

    @TearDown(Level.Iteration)
    public void deleteCheckpoint() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** The primitive alone: one durable publish of a typical offsets file (about 300 bytes). */
    @Benchmark
    public boolean storePublish() throws IOException {
        return store.publish("offsets/" + nextBatchId++, offsetsFile);
    }

    /** The driver's write-ahead step: build, encode and durably publish {@code offsets/N} for two sources. */
    @Benchmark
    public boolean offsetLogPublish() throws IOException {
        long batchId = nextBatchId++;
        return offsets.publish(new OffsetEntry(batchId, 1764028800000L + batchId, 1764028795000L,
                Map.of("key-groups", "128"), List.of(
                        new SourceOffsets(0, "bids", "{\"row\":" + batchId * 1000 + "}",
                                "{\"row\":" + (batchId + 1) * 1000 + "}"),
                        new SourceOffsets(1, "auctions", "{\"row\":" + batchId * 50 + "}",
                                "{\"row\":" + (batchId + 1) * 50 + "}"))));
    }

    /** The driver's commit step: encode and durably publish {@code commits/N}. */
    @Benchmark
    public boolean commitLogPublish() throws IOException {
        long batchId = nextBatchId++;
        return commits.publish(new CommitEntry(batchId, 1764028795000L + batchId, 1764028801000L + batchId));
    }
}
