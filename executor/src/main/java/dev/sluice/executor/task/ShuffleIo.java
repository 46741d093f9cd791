package dev.sluice.executor.task;

import dev.sluice.executor.rpc.proto.ShuffleInput;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** What the task runner needs from the executor's shuffle: an output for each scan task, an input for each state task. */
public interface ShuffleIo {

    /** One scan task's output, partitioned by the key group in column 0 of each batch. */
    interface Output {
        /** Partitions {@code batch}'s rows; the batch stays the caller's. */
        void write(VectorSchemaRoot batch) throws IOException;

        /** Publishes the output on this executor; returns rows and bytes per state partition. */
        Written finish() throws IOException;

        /** Drops what was written; safe after a failure, and after finish. */
        void abort();
    }

    /** Rows and bytes per state partition. */
    record Written(long[] rows, long[] bytes) {}

    /** One state task's input: the batches of every scan output for its partition, in map-task order. */
    interface Input extends AutoCloseable {
        /** Loads the next batch; false at the end. */
        boolean next() throws IOException;

        /** The loaded batch, valid until the next call. */
        VectorSchemaRoot batch();

        @Override
        void close();
    }

    Output output(String queryId, long batchId, int mapTaskIndex, int statePartitions, int keyGroups, Schema schema,
            BufferAllocator allocator);

    Input input(String queryId, long batchId, int statePartition, List<ShuffleInput> inputs,
            BufferAllocator allocator);
}
