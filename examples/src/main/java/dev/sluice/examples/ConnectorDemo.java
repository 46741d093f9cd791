package dev.sluice.examples;

import dev.sluice.checkpoint.Checkpoint;
import dev.sluice.checkpoint.CommitEntry;
import dev.sluice.checkpoint.OffsetEntry;
import dev.sluice.checkpoint.RestartPoint;
import dev.sluice.checkpoint.SourceOffsets;
import dev.sluice.connector.Connectors;
import dev.sluice.connector.InputPartition;
import dev.sluice.connector.LatestOffsetRequest;
import dev.sluice.connector.Offset;
import dev.sluice.connector.PartitionReader;
import dev.sluice.connector.PlanPartitionsRequest;
import dev.sluice.connector.ReaderRequest;
import dev.sluice.connector.Sink;
import dev.sluice.connector.SinkCommitRequest;
import dev.sluice.connector.SinkRecoverRequest;
import dev.sluice.connector.SinkWriter;
import dev.sluice.connector.Source;
import dev.sluice.connector.TableContext;
import dev.sluice.connector.WriterRequest;
import dev.sluice.connector.log.CheckpointSourceLog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The exactly-once batch protocol, by hand, on the built-in connectors: a bounded {@code datagen} table is read
 * batch by batch under its read limit and written as CSV files by the {@code filesystem} sink. For each batch N:
 * the end offset is written ahead to {@code offsets/N}, the source's partitions are read (each travels as JSON, as
 * it would to an executor) and written by one sink writer each, the sink commits N from the writers' commit
 * messages, and {@code commits/N} closes the batch. A second run on the same directory follows the restart rule.
 *
 * <p>This is what the driver's trigger loop does; the SQL front end and the executors replace the hand-made
 * schema and the in-line task loop.
 */
public final class ConnectorDemo {
    private static final int PARALLELISM = 2;
    private static final int MAX_ROWS_PER_ARROW_BATCH = 4096;

    private final PrintStream out;

    ConnectorDemo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] arguments) throws Exception {
        Path directory = Path.of("sluice-demo");
        long rows = 50;
        long rowsPerBatch = 10;
        for (int i = 0; i < arguments.length; i++) {
            String argument = arguments[i];
            if (i + 1 >= arguments.length) {
                fail("option " + argument + " needs a value");
            }
            String value = arguments[++i];
            switch (argument) {
                case "--dir" -> directory = Path.of(value);
                case "--rows" -> rows = positive(argument, value);
                case "--rows-per-batch" -> rowsPerBatch = positive(argument, value);
                default -> fail("unknown option " + argument + "; options: --dir DIR, --rows N, --rows-per-batch N");
            }
        }
        new ConnectorDemo(System.out).run(directory, rows, rowsPerBatch);
    }

    /** Runs the demo until the bounded table is drained; returns how many batches this run committed. */
    int run(Path directory, long rows, long rowsPerBatch) throws IOException {
        Path checkpointDirectory = directory.resolve("checkpoint");
        Path outputDirectory = directory.resolve("output");
        Schema schema = new Schema(List.of(
                Field.nullable("id", new ArrowType.Int(64, true)),
                Field.nullable("name", new ArrowType.Utf8()),
                Field.nullable("price", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                Field.nullable("ts", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null))));
        Connectors connectors = Connectors.discover();
        int committed = 0;
        try (Checkpoint checkpoint = Checkpoint.open(checkpointDirectory.toString());
                BufferAllocator allocator = new RootAllocator()) {
            String queryId = checkpoint.metadata().id().toString();
            Source source = connectors.createSource(new TableContext("numbers", schema, Map.of(
                    "connector", "datagen",
                    "number-of-rows", Long.toString(rows),
                    "rows-per-batch", Long.toString(rowsPerBatch),
                    "seed", "7",
                    "fields.name.length", "6",
                    "fields.price.min", "1",
                    "fields.price.max", "100"),
                    new CheckpointSourceLog(checkpoint.store(), 0)));
            Sink sink = connectors.createSink(TableContext.of("numbers_csv", schema, Map.of(
                    "connector", "filesystem", "path", outputDirectory.toString(), "format", "csv")));

            RestartPoint restart = checkpoint.restartPoint();
            out.println("Sluice demo: datagen -> CSV, exactly once. Query " + queryId);
            out.println("  checkpoint " + checkpointDirectory);
            out.println("  output     " + outputDirectory);
            out.println("  " + describe(restart));
            sink.recover(new SinkRecoverRequest(queryId, restart.nextBatchId() - 1));

            long batchId = restart.nextBatchId();
            Offset start = source.initialOffset();
            Offset replayEnd = null;
            if (restart instanceof RestartPoint.ContinueAfter after) {
                start = source.offsetFromJson(after.lastOffsets().sources().get(0).endOffset());
            } else if (restart instanceof RestartPoint.Replay replay) {
                SourceOffsets logged = replay.offsets().sources().get(0);
                start = logged.start().map(source::offsetFromJson).orElse(source.initialOffset());
                replayEnd = source.offsetFromJson(logged.endOffset());
            }

            while (true) {
                long began = System.nanoTime();
                Offset end;
                if (replayEnd != null) {
                    end = replayEnd; // a replay reads exactly the logged range; nothing is written ahead again
                    replayEnd = null;
                } else {
                    end = source.latestOffset(new LatestOffsetRequest(start, source.defaultReadLimit()));
                    if (end.json().equals(start.json())) {
                        if (source.reachedEnd(end)) {
                            break;
                        }
                        sleepBriefly();
                        continue;
                    }
                    checkpoint.offsets().publish(new OffsetEntry(batchId, System.currentTimeMillis(), 0, Map.of(),
                            List.of(new SourceOffsets(0, "numbers", start.json(), end.json()))));
                }
                long written = runBatch(source, sink, allocator, queryId, batchId, start, end);
                checkpoint.commits().publish(new CommitEntry(batchId, 0, System.currentTimeMillis()));
                out.printf("  batch %d: %s -> %s, %d rows, %.1f ms%n", batchId, start.json(), end.json(), written,
                        (System.nanoTime() - began) / 1e6);
                committed++;
                batchId++;
                start = end;
            }
            sink.close();
            source.close();
        }
        out.println("  done: " + committed + " batch(es) committed by this run");
        printOutput(outputDirectory);
        return committed;
    }

    /** One batch's tasks, in line: what executors do, each partition travelling as JSON. */
    private static long runBatch(Source source, Sink sink, BufferAllocator allocator, String queryId, long batchId,
            Offset start, Offset end) throws IOException {
        List<InputPartition> partitions = source.planInputPartitions(
                new PlanPartitionsRequest(start, end, batchId, PARALLELISM));
        List<String> commitMessages = new ArrayList<>();
        long rows = 0;
        for (int partitionId = 0; partitionId < partitions.size(); partitionId++) {
            InputPartition partition = source.partitionFromJson(partitions.get(partitionId).json());
            try (BufferAllocator taskAllocator = allocator.newChildAllocator(
                            "batch-" + batchId + "-task-" + partitionId, 0, Long.MAX_VALUE);
                    SinkWriter writer = sink.createWriter(
                            new WriterRequest(queryId, batchId, partitionId, taskAllocator));
                    PartitionReader reader = source.createReader(
                            new ReaderRequest(partition, taskAllocator, MAX_ROWS_PER_ARROW_BATCH))) {
                while (reader.loadNextBatch()) {
                    rows += reader.root().getRowCount();
                    writer.write(reader.root());
                }
                commitMessages.add(writer.commit());
            }
        }
        sink.commit(new SinkCommitRequest(queryId, batchId, commitMessages));
        return rows;
    }

    private void printOutput(Path outputDirectory) throws IOException {
        if (!Files.isDirectory(outputDirectory)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(outputDirectory)) {
            files = listing.filter(file -> !file.getFileName().toString().startsWith(".")
                    && !file.getFileName().toString().startsWith("_")).sorted().toList();
        }
        out.println("  visible output: " + files.size() + " file(s); the first lines of "
                + (files.isEmpty() ? "none" : files.get(0).getFileName()) + ":");
        if (!files.isEmpty()) {
            try (Stream<String> lines = Files.lines(files.get(0))) {
                lines.limit(3).forEach(line -> out.println("    " + line));
            }
        }
    }

    private static String describe(RestartPoint restart) {
        if (restart instanceof RestartPoint.ContinueAfter after) {
            return "batch " + after.lastCommittedBatchId() + " was committed: continuing with batch "
                    + after.nextBatchId();
        }
        if (restart instanceof RestartPoint.Replay replay) {
            return "batch " + replay.batchId() + " was written ahead but not committed: replaying it with its"
                    + " logged offsets";
        }
        return "new checkpoint: starting at batch 0";
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", interrupted);
        }
    }

    private static long positive(String option, String value) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        fail("option " + option + " needs a positive whole number, got '" + value + "'");
        return 0;
    }

    private static void fail(String message) {
        System.err.println("sluice demo: " + message);
        System.exit(2);
    }
}
