package dev.sluice.executor.server;

import static java.util.Objects.requireNonNull;

import dev.sluice.executor.rpc.proto.ShuffleInput;
import dev.sluice.executor.shuffle.ShuffleReader;
import dev.sluice.executor.shuffle.ShuffleService;
import dev.sluice.executor.shuffle.ShuffleWriteResult;
import dev.sluice.executor.shuffle.ShuffleWriter;
import dev.sluice.executor.task.ShuffleIo;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** The task runner's view of this executor's shuffle: writers into its store, readers from any executor's. */
final class ExecutorShuffleIo implements ShuffleIo {
    /** Matches no executor's target: used when none of a task's inputs is on this executor. */
    private static final String NO_LOCAL_INPUT = "";

    private final ShuffleService shuffle;

    ExecutorShuffleIo(ShuffleService shuffle) {
        this.shuffle = requireNonNull(shuffle, "shuffle is null");
    }

    @Override
    public Output output(String queryId, long batchId, int mapTaskIndex, int statePartitions, int keyGroups,
            Schema schema, BufferAllocator allocator) {
        ShuffleWriter writer = new ShuffleWriter(queryId, batchId, mapTaskIndex, statePartitions, keyGroups, schema,
                allocator, shuffle.store());
        return new Output() {
            @Override
            public void write(VectorSchemaRoot batch) {
                writer.write(batch);
            }

            @Override
            public Written finish() {
                ShuffleWriteResult result = writer.finish();
                return new Written(toArray(result.rows()), toArray(result.bytes()));
            }

            @Override
            public void abort() {
                writer.abort();
            }
        };
    }

    private static long[] toArray(List<Long> values) {
        long[] array = new long[values.size()];
        for (int index = 0; index < array.length; index++) {
            array[index] = values.get(index);
        }
        return array;
    }

    @Override
    public Input input(String queryId, long batchId, int statePartition, List<ShuffleInput> inputs,
            BufferAllocator allocator) {
        // The driver names each input's executor; the ones it says are this executor's are read from the store.
        String ownTarget = NO_LOCAL_INPUT;
        for (ShuffleInput input : inputs) {
            if (input.getExecutorId().equals(shuffle.executorId())) {
                ownTarget = input.getExecutorTarget();
                break;
            }
        }
        ShuffleReader reader = new ShuffleReader(queryId, batchId, statePartition, inputs, ownTarget,
                shuffle.store(), allocator, shuffle.channels());
        return new Input() {
            private VectorSchemaRoot batch;

            @Override
            public boolean next() {
                batch = reader.next();
                return batch != null;
            }

            @Override
            public VectorSchemaRoot batch() {
                return batch;
            }

            @Override
            public void close() {
                reader.close();
            }
        };
    }
}
