package dev.sluice.connector.testing;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.InputPartition;
import dev.sluice.connector.Offset;
import dev.sluice.connector.PartitionReader;
import dev.sluice.connector.PlanPartitionsRequest;
import dev.sluice.connector.ReaderRequest;
import dev.sluice.connector.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads a range of a source the way the engine does: the driver-side source plans the partitions, each
 * partition travels as JSON, and an executor-side source instance reads it into Arrow batches.
 */
public final class SourceReads {
    private SourceReads() {}

    /**
     * What one read of a range gave.
     *
     * @param rows every row, partition after partition
     * @param batches each batch as Arrow IPC bytes ({@link Batches#ipcBytes}), in reading order
     * @param batchSizes the row count of each batch
     * @param partitions the partitions' JSON
     */
    public record Result(List<List<Object>> rows, List<byte[]> batches, List<Integer> batchSizes,
            List<String> partitions) {
        public Result {
            rows = List.copyOf(requireNonNull(rows, "rows is null"));
            batches = List.copyOf(requireNonNull(batches, "batches is null"));
            batchSizes = List.copyOf(requireNonNull(batchSizes, "batchSizes is null"));
            partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
        }
    }

    public static Result read(Source driverSide, Source executorSide, Offset start, Offset end, int parallelism,
            int maxRowsPerBatch, BufferAllocator allocator) {
        List<InputPartition> planned = driverSide.planInputPartitions(
                new PlanPartitionsRequest(start, end, 0, parallelism));
        List<List<Object>> rows = new ArrayList<>();
        List<byte[]> batches = new ArrayList<>();
        List<Integer> batchSizes = new ArrayList<>();
        List<String> partitions = new ArrayList<>();
        for (InputPartition plannedPartition : planned) {
            partitions.add(plannedPartition.json());
            InputPartition partition = executorSide.partitionFromJson(plannedPartition.json());
            try (BufferAllocator taskAllocator = allocator.newChildAllocator("task", 0, Long.MAX_VALUE);
                    PartitionReader reader = executorSide.createReader(
                            new ReaderRequest(partition, taskAllocator, maxRowsPerBatch))) {
                while (reader.loadNextBatch()) {
                    rows.addAll(Batches.rows(reader.root()));
                    batches.add(Batches.ipcBytes(reader.root()));
                    batchSizes.add(reader.root().getRowCount());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Result(rows, batches, batchSizes, partitions);
    }
}
