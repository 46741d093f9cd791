package dev.sluice.connector.filesystem;

import static java.util.Objects.requireNonNull;

import dev.sluice.checkpoint.LocalPublishOnceStore;
import dev.sluice.connector.InputPartition;
import dev.sluice.connector.LatestOffsetRequest;
import dev.sluice.connector.Offset;
import dev.sluice.connector.PartitionReader;
import dev.sluice.connector.PlanPartitionsRequest;
import dev.sluice.connector.ReaderRequest;
import dev.sluice.connector.Source;
import dev.sluice.connector.TableContext;
import dev.sluice.connector.log.CheckpointSourceLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Plays the engine around a filesystem source, the way the driver and executors use it: the driver side has the
 * source log in a checkpoint directory; offsets and partitions cross to the executor side as JSON; executors
 * create their own source instance without a log.
 */
final class SourceHarness {
    private final Path checkpoint;
    private final Schema schema;
    private final Map<String, String> options;
    private final BufferAllocator allocator;
    private final FileSystemConnectorFactory factory = new FileSystemConnectorFactory();

    SourceHarness(Path checkpoint, Schema schema, Map<String, String> options, BufferAllocator allocator) {
        this.checkpoint = requireNonNull(checkpoint, "checkpoint is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.options = Map.copyOf(options);
        this.allocator = requireNonNull(allocator, "allocator is null");
    }

    /** A driver-side source over the checkpoint's log: a new one stands for a restarted query. */
    Source driverSource() {
        return factory.createSource(new TableContext("input", schema, options,
                new CheckpointSourceLog(new LocalPublishOnceStore(checkpoint), 0)));
    }

    /** The end of the next batch, with the source's own read limit. */
    Offset next(Source driver, Offset start) {
        Offset end = driver.latestOffset(new LatestOffsetRequest(start, driver.defaultReadLimit()));
        // The driver stores offsets as JSON in offsets/N and reads them back.
        return driver.offsetFromJson(end.json());
    }

    List<InputPartition> plan(Source driver, Offset start, Offset end, int parallelism) {
        return driver.planInputPartitions(new PlanPartitionsRequest(start, end, 0, parallelism));
    }

    /** The rows of {@code (start, end]}, read on the executor side. */
    List<List<Object>> read(Source driver, Offset start, Offset end) throws IOException {
        return read(driver, start, end, 2, 1024);
    }

    List<List<Object>> read(Source driver, Offset start, Offset end, int parallelism, int maxRowsPerBatch)
            throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        Source executor = factory.createSource(TableContext.of("input", schema, options));
        for (InputPartition planned : plan(driver, start, end, parallelism)) {
            InputPartition partition = executor.partitionFromJson(planned.json());
            try (PartitionReader reader = executor.createReader(
                    new ReaderRequest(partition, allocator, maxRowsPerBatch))) {
                while (reader.loadNextBatch()) {
                    rows.addAll(TestBatches.rows(reader.root()));
                }
            }
        }
        return rows;
    }

    /** The names of the files in {@code (start, end]}, in partition order. */
    List<String> fileNames(Source driver, Offset start, Offset end) {
        List<String> names = new ArrayList<>();
        for (InputPartition partition : plan(driver, start, end, 1)) {
            for (SourceFile file : ((FileInputPartition) partition).files()) {
                names.add(Path.of(file.path()).getFileName().toString());
            }
        }
        return names;
    }
}
