package dev.sluice.executor.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.checkpoint.LocalPublishOnceStore;
import dev.sluice.executor.operator.Batches;
import dev.sluice.executor.operator.Operator;
import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.state.KeyGroups;
import dev.sluice.state.StateStore;
import dev.sluice.state.StateStoreId;
import dev.sluice.state.rocksdb.RocksDbStateStoreProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Runs an aggregation the way a stateful query does, with real components: per batch, one
 * {@link PartialAggregateOperator} per scan task over its input batches, an in-memory shuffle of the partial rows
 * by key group into state partitions (in map-task order), and one {@link StatefulAggregateOperator} per partition
 * over a RocksDB state store that loads version N-1 and commits (or aborts) version N. Every operator runs through
 * its whole push/pull lifecycle; the root allocator is closed at the end, so a leaked buffer fails the test.
 */
final class AggregationHarness implements AutoCloseable {
    /** Rows per partial batch fed to a state task, so the state side sees several batches. */
    private static final int SHUFFLE_BATCH_ROWS = 97;

    private final AggregateOperatorFactory factory;
    private final int partitions;
    private final BufferAllocator allocator = new RootAllocator();
    private final RocksDbStateStoreProvider provider;
    private final List<StateStore> stores = new ArrayList<>();

    /** The output of one batch. */
    record BatchResult(List<List<Object>> rows, List<List<List<Object>>> rowsPerPartition, long droppedRows,
            List<StateOperatorCounts> counts) {
        long totalRows() {
            return counts.stream().mapToLong(StateOperatorCounts::numRowsTotal).sum();
        }

        long updatedRows() {
            return counts.stream().mapToLong(StateOperatorCounts::numRowsUpdated).sum();
        }

        long removedRows() {
            return counts.stream().mapToLong(StateOperatorCounts::numRowsRemoved).sum();
        }
    }

    /** A harness whose checkpoint and local state live in {@code directory}, which no other harness uses. */
    AggregationHarness(AggregateOperatorFactory factory, Path directory, int partitions) {
        this.factory = factory;
        this.partitions = partitions;
        this.provider = RocksDbStateStoreProvider.open(new LocalPublishOnceStore(directory.resolve("checkpoint")),
                RocksDbStateStoreProvider.Settings.defaults(directory.resolve("local")));
        for (int p = 0; p < partitions; p++) {
            stores.add(provider.open(new StateStoreId(factory.operatorId(), p)));
        }
    }

    /**
     * Runs batch {@code batchId}: {@code tasks.get(t)} are the input batches of scan task t. Commits the state
     * stores, or aborts them when {@code commit} is false (as a failed attempt would).
     */
    BatchResult run(long batchId, List<List<List<List<Object>>>> tasks, long watermark, boolean commit) {
        List<List<List<Object>>> shuffled = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            shuffled.add(new ArrayList<>());
        }
        long dropped = 0;
        for (int task = 0; task < tasks.size(); task++) {
            List<List<Object>> partialRows = new ArrayList<>();
            try (BufferAllocator operatorAllocator = allocator.newChildAllocator("partial", 0, Long.MAX_VALUE);
                    BufferAllocator inputAllocator = allocator.newChildAllocator("input", 0, Long.MAX_VALUE);
                    VectorSchemaRoot input = VectorSchemaRoot.create(factory.inputSchema(), inputAllocator);
                    PartialAggregateOperator partial = factory.createPartial(
                            new OperatorContext(operatorAllocator, "query", batchId, task, watermark))) {
                for (List<List<Object>> batch : tasks.get(task)) {
                    assertTrue(partial.needsInput(), "the partial aggregation should need input");
                    Batches.fill(input, batch);
                    partial.addInput(input);
                    drain(partial, partialRows);
                }
                partial.finish();
                drain(partial, partialRows);
                assertFinished(partial);
                dropped += partial.rowsDroppedByWatermark();
            }
            for (List<Object> row : partialRows) {
                int keyGroup = (Integer) row.get(0);
                shuffled.get(KeyGroups.partitionOf(keyGroup, factory.keyGroups(), partitions)).add(row);
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        List<List<List<Object>>> rowsPerPartition = new ArrayList<>();
        List<StateOperatorCounts> counts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            StateStore store = stores.get(p);
            store.load(batchId - 1);
            List<List<Object>> partitionRows = new ArrayList<>();
            try (BufferAllocator operatorAllocator = allocator.newChildAllocator("state", 0, Long.MAX_VALUE);
                    BufferAllocator inputAllocator = allocator.newChildAllocator("shuffle", 0, Long.MAX_VALUE);
                    VectorSchemaRoot input = VectorSchemaRoot.create(factory.partialSchema(), inputAllocator);
                    StatefulAggregateOperator stateful = factory.createStateful(
                            new OperatorContext(operatorAllocator, "query", batchId, p, watermark), store.state(),
                            KeyGroups.rangeOf(p, factory.keyGroups(), partitions))) {
                List<List<Object>> partial = shuffled.get(p);
                for (int from = 0; from < partial.size(); from += SHUFFLE_BATCH_ROWS) {
                    assertTrue(stateful.needsInput(), "the state task should need input");
                    Batches.fill(input, partial.subList(from, Math.min(partial.size(), from + SHUFFLE_BATCH_ROWS)));
                    stateful.addInput(input);
                    assertNull(stateful.getOutput(), "no output before the input ends");
                }
                stateful.finish();
                drain(stateful, partitionRows);
                assertFinished(stateful);
                counts.add(stateful.counts());
            } catch (RuntimeException e) {
                store.abort();
                throw e;
            }
            if (commit) {
                store.commit(batchId);
            } else {
                store.abort();
            }
            rows.addAll(partitionRows);
            rowsPerPartition.add(partitionRows);
        }
        return new BatchResult(rows, rowsPerPartition, dropped, counts);
    }

    private static void drain(Operator operator, List<List<Object>> rows) {
        VectorSchemaRoot output;
        while ((output = operator.getOutput()) != null) {
            rows.addAll(Batches.rows(output));
        }
    }

    private static void assertFinished(Operator operator) {
        assertTrue(operator.isFinished(), "the operator should be finished after finish() and draining");
        assertFalse(operator.needsInput(), "a finished operator needs no input");
        assertNull(operator.getOutput(), "a finished operator has no output");
    }

    @Override
    public void close() {
        provider.close();
        assertEquals(0, allocator.getAllocatedMemory(), "leaked Arrow memory");
        allocator.close();
    }
}
