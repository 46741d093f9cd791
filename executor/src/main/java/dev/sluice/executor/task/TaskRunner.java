package dev.sluice.executor.task;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.InputPartition;
import dev.sluice.connector.PartitionReader;
import dev.sluice.connector.ReaderRequest;
import dev.sluice.connector.SinkWriter;
import dev.sluice.connector.Source;
import dev.sluice.connector.WriterRequest;
import dev.sluice.executor.aggregate.PartialAggregateOperator;
import dev.sluice.executor.aggregate.StateOperatorCounts;
import dev.sluice.executor.aggregate.StatefulAggregateOperator;
import dev.sluice.executor.operator.Operator;
import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.executor.operator.OperatorFactory;
import dev.sluice.executor.rpc.proto.EventTimeStats;
import dev.sluice.executor.rpc.proto.StateOperatorMetrics;
import dev.sluice.executor.rpc.proto.TaskKind;
import dev.sluice.planner.plan.proto.TableDefinition;
import dev.sluice.state.KeyGroups;
import dev.sluice.state.StateStore;
import dev.sluice.state.StateStoreMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Runs one task. Three shapes, one loop (batches in, pushed through operators, out to a terminal):
 * <ul>
 *   <li>a stateless query's task: source reader, the pipeline's operators, sink writer;</li>
 *   <li>a stateful query's SCAN task: source reader, the pipeline's operators, the partial aggregation, the shuffle
 *       output (kept on this executor for the state tasks to fetch);</li>
 *   <li>a STATE task: the shuffle input of one state partition, the stateful aggregation over the partition's state
 *       store (version N-1 loaded), the state stage's operators, sink writer; then state version N is committed.</li>
 * </ul>
 * The commit message is the sink writer's (empty for a SCAN task of a stateful query).
 *
 * <p>Memory: every task gets a child allocator of the executor's, and every operator a child of the task's; all
 * are closed when the task ends, so a leak fails the task instead of growing the executor.
 */
public final class TaskRunner {
    /** The most rows a reader loads into one Arrow batch. */
    public static final int MAX_ROWS_PER_BATCH = 4096;

    private final BufferAllocator allocator;
    private final ShuffleIo shuffle;

    public TaskRunner(BufferAllocator allocator) {
        this(allocator, null);
    }

    /** @param shuffle the executor's shuffle; null when the executor runs stateless queries only (tests) */
    public TaskRunner(BufferAllocator allocator, ShuffleIo shuffle) {
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.shuffle = shuffle;
    }

    /**
     * Runs {@code request} on {@code query} in the calling thread.
     *
     * @param cancelled checked between batches; when it turns true the task stops with
     *     {@link TaskCancelledException} and its output is thrown away
     */
    public TaskResult run(PreparedQuery query, TaskRequest request, BooleanSupplier cancelled) throws IOException {
        requireNonNull(query, "query is null");
        requireNonNull(request, "request is null");
        requireNonNull(cancelled, "cancelled is null");
        long began = System.nanoTime();
        String name = "batch-" + request.batchId() + "-task-" + request.taskIndex() + "-attempt-" + request.attempt();
        try (BufferAllocator taskAllocator = allocator.newChildAllocator(name, 0, Long.MAX_VALUE)) {
            if (query.stateStage() == null) {
                return runStateless(query, request, cancelled, taskAllocator, began);
            }
            StatefulTask stateful = request.stateful();
            if (stateful == null) {
                throw new IllegalArgumentException(request.describe() + " is a task of a stateful query but carries no"
                        + " stage (SCAN or STATE), key groups or state partitions");
            }
            if (shuffle == null) {
                throw new IllegalStateException("this executor has no shuffle, so it cannot run " + request.describe());
            }
            return stateful.kind() == TaskKind.STATE
                    ? runState(query, request, stateful, cancelled, taskAllocator, began)
                    : runScan(query, request, stateful, cancelled, taskAllocator, began);
        }
    }

    private TaskResult runStateless(PreparedQuery query, TaskRequest request, BooleanSupplier cancelled,
            BufferAllocator taskAllocator, long began) throws IOException {
        PreparedQuery.PreparedPipeline pipeline = query.pipeline(request.pipelineIndex());
        SinkWriter writer = query.sink().createWriter(new WriterRequest(request.queryId(), request.batchId(),
                request.taskIndex(), taskAllocator));
        try {
            Run run = new Run(request, cancelled, new SinkTerminal(writer));
            TaskResult result;
            try (SourceInput input = SourceInput.open(query, pipeline.sourceIndex(), request, taskAllocator)) {
                run.run(input, pipeline.operators(), List.of(), taskAllocator);
                long commitStart = System.nanoTime();
                String message = writer.commit();
                run.writeNanos += System.nanoTime() - commitStart;
                result = run.result(message, began, input.eventTime(), StatefulTaskResult.NONE);
            }
            writer.close();
            return result;
        } catch (IOException | RuntimeException | Error e) {
            abortQuietly(writer, e);
            throw e;
        }
    }

    private TaskResult runScan(PreparedQuery query, TaskRequest request, StatefulTask stateful,
            BooleanSupplier cancelled, BufferAllocator taskAllocator, long began) throws IOException {
        PreparedQuery.PreparedStateStage stage = query.stateStage();
        PreparedQuery.PreparedPipeline pipeline = query.pipeline(request.pipelineIndex());
        ShuffleIo.Output output = shuffle.output(request.queryId(), request.batchId(), request.taskIndex(),
                stateful.statePartitions(), stateful.keyGroups(), stage.aggregate().partialSchema(), taskAllocator);
        LateRows lateRows = null;
        try {
            if (query.lateRowsSink() != null && request.watermarkMs() != OperatorContext.NO_WATERMARK) {
                lateRows = new LateRows(query.lateRowsSink().createWriter(new WriterRequest(request.queryId(),
                        request.batchId(), request.taskIndex(), taskAllocator)), taskAllocator,
                        query.source(pipeline.sourceIndex()).schema());
            }
            Run run = new Run(request, cancelled, output::write);
            try (SourceInput input = SourceInput.open(query, pipeline.sourceIndex(), request, taskAllocator,
                    lateRows);
                    BufferAllocator partialAllocator = taskAllocator.newChildAllocator("partial-aggregate", 0,
                            Long.MAX_VALUE)) {
                PartialAggregateOperator partial = stage.aggregate().createPartial(new OperatorContext(
                        partialAllocator, request.queryId(), request.batchId(), request.taskIndex(),
                        request.watermarkMs()));
                long dropped;
                try {
                    run.run(input, pipeline.operators(), List.of(partial), taskAllocator);
                    dropped = partial.rowsDroppedByWatermark();
                } finally {
                    partial.close();
                }
                long writeStart = System.nanoTime();
                ShuffleIo.Written written = output.finish();
                String lateMessage = lateRows == null ? "" : lateRows.commit();
                run.writeNanos += System.nanoTime() - writeStart;
                return run.result("", began, input.eventTime(), new StatefulTaskResult(
                        EventTimeStats.getDefaultInstance(), written.rows(), written.bytes(), dropped,
                        StateOperatorMetrics.getDefaultInstance(), lateMessage));
            }
        } catch (IOException | RuntimeException | Error e) {
            output.abort();
            if (lateRows != null) {
                lateRows.abort(e);
            }
            throw e;
        } finally {
            if (lateRows != null) {
                lateRows.close();
            }
        }
    }

    /**
     * The rows a scan task finds behind the watermark, copied out of the source's batches into the late-rows
     * table's writer. The batch itself goes on unchanged: the partial aggregation drops the same rows by the same
     * rule and counts them, so the common case (no late row) costs no copy.
     */
    private static final class LateRows {
        private final SinkWriter writer;
        private final VectorSchemaRoot rows;
        private boolean done;

        LateRows(SinkWriter writer, BufferAllocator allocator, org.apache.arrow.vector.types.pojo.Schema schema) {
            this.writer = writer;
            this.rows = VectorSchemaRoot.create(schema, allocator);
        }

        void write(VectorSchemaRoot batch, int[] selection, int count) throws IOException {
            rows.allocateNew();
            for (int column = 0; column < batch.getFieldVectors().size(); column++) {
                org.apache.arrow.vector.FieldVector from = batch.getVector(column);
                org.apache.arrow.vector.FieldVector to = rows.getVector(column);
                for (int index = 0; index < count; index++) {
                    to.copyFromSafe(selection[index], index, from);
                }
                to.setValueCount(count);
            }
            rows.setRowCount(count);
            writer.write(rows);
        }

        String commit() throws IOException {
            String message = writer.commit();
            done = true;
            return message;
        }

        void abort(Throwable failure) {
            if (!done) {
                abortQuietly(writer, failure);
                done = true;
            }
        }

        void close() {
            rows.close();
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                // closing after commit or abort releases buffers only; the outcome is already decided
            }
        }
    }

    private TaskResult runState(PreparedQuery query, TaskRequest request, StatefulTask stateful,
            BooleanSupplier cancelled, BufferAllocator taskAllocator, long began) throws IOException {
        PreparedQuery.PreparedStateStage stage = query.stateStage();
        String operatorId = query.plan().getStateStage().getAggregate().getOperatorId();
        long loadStart = System.nanoTime();
        StateStore store = query.stateStores().partition(operatorId, stateful.statePartition(),
                stateful.statePartitions(), stateful.previousStatePartitions(), stateful.keyGroups(),
                request.batchId() - 1);
        store.load(request.batchId() - 1);
        long loadNanos = System.nanoTime() - loadStart;
        SinkWriter writer = query.sink().createWriter(new WriterRequest(request.queryId(), request.batchId(),
                request.taskIndex(), taskAllocator));
        try {
            Run run = new Run(request, cancelled, new SinkTerminal(writer));
            StateOperatorCounts counts;
            try (ShuffleIo.Input input = shuffle.input(request.queryId(), request.batchId(),
                    stateful.statePartition(), stateful.shuffleInputs(), taskAllocator);
                    BufferAllocator statefulAllocator = taskAllocator.newChildAllocator("stateful-aggregate", 0,
                            Long.MAX_VALUE)) {
                StatefulAggregateOperator aggregate = stage.aggregate().createStateful(new OperatorContext(
                        statefulAllocator, request.queryId(), request.batchId(), request.taskIndex(),
                        request.watermarkMs()), store.state(), KeyGroups.rangeOf(stateful.statePartition(),
                        stateful.keyGroups(), stateful.statePartitions()));
                try {
                    run.run(new ShuffleBatches(input), List.of(), List.of(aggregate), stage.operators(),
                            taskAllocator);
                    counts = aggregate.counts();
                } finally {
                    aggregate.close();
                }
            }
            long commitStart = System.nanoTime();
            String message = writer.commit();
            run.writeNanos += System.nanoTime() - commitStart;
            store.commit(request.batchId());
            StateStoreMetrics metrics = store.metrics();
            writer.close();
            StateOperatorMetrics state = StateOperatorMetrics.newBuilder()
                    .setNumRowsTotal(counts.numRowsTotal())
                    .setNumRowsUpdated(counts.numRowsUpdated())
                    .setNumRowsRemoved(counts.numRowsRemoved())
                    .setAllUpdatesNanos(counts.allUpdatesNanos() + loadNanos)
                    .setCommitNanos(metrics.lastCommitNanos())
                    .setMemoryUsedBytes(metrics.memoryBytes())
                    .setBytesOnDisk(metrics.bytesOnDisk())
                    .setChangelogBytes(metrics.lastChangelogBytes())
                    .build();
            return run.result(message, began, EventTimeStats.getDefaultInstance(), new StatefulTaskResult(
                    EventTimeStats.getDefaultInstance(), new long[0], new long[0], 0, state, ""));
        } catch (IOException | RuntimeException | Error e) {
            abortQuietly(writer, e);
            try {
                store.abort();
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }

    private static void abortQuietly(SinkWriter writer, Throwable failure) {
        try {
            writer.abort();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Where a task's batches come from. */
    private interface Input {
        /** Loads the next batch; false at the end. */
        boolean next() throws IOException;

        VectorSchemaRoot batch();
    }

    /** Where the last operator's batches go. */
    @FunctionalInterface
    private interface Terminal {
        void write(VectorSchemaRoot batch) throws IOException;
    }

    private record SinkTerminal(SinkWriter writer) implements Terminal {
        @Override
        public void write(VectorSchemaRoot batch) throws IOException {
            writer.write(batch);
        }
    }

    private record ShuffleBatches(ShuffleIo.Input input) implements Input {
        @Override
        public boolean next() throws IOException {
            return input.next();
        }

        @Override
        public VectorSchemaRoot batch() {
            return input.batch();
        }
    }

    /** A source partition's reader, with the event times of what it read when the source has a WATERMARK. */
    private static final class SourceInput implements Input, AutoCloseable {
        private final PartitionReader reader;
        private final EventTimeTracker eventTime;
        private final LateRows lateRows;
        private final long watermarkMs;

        private SourceInput(PartitionReader reader, EventTimeTracker eventTime, LateRows lateRows,
                long watermarkMs) {
            this.reader = reader;
            this.eventTime = eventTime;
            this.lateRows = lateRows;
            this.watermarkMs = watermarkMs;
        }

        static SourceInput open(PreparedQuery query, int sourceIndex, TaskRequest request,
                BufferAllocator allocator) throws IOException {
            return open(query, sourceIndex, request, allocator, null);
        }

        /** @param lateRows where rows behind the batch's watermark are copied to; null to only count them */
        static SourceInput open(PreparedQuery query, int sourceIndex, TaskRequest request,
                BufferAllocator allocator, LateRows lateRows) throws IOException {
            Source source = query.source(sourceIndex);
            InputPartition partition = source.partitionFromJson(request.inputPartitionJson());
            TableDefinition table = query.plan().getSources(sourceIndex);
            EventTimeTracker tracker = EventTimeTracker.of(table.getWatermark(), source.schema(),
                    table.hasWatermark());
            return new SourceInput(source.createReader(new ReaderRequest(partition, allocator, MAX_ROWS_PER_BATCH)),
                    tracker, tracker == null ? null : lateRows, request.watermarkMs());
        }

        @Override
        public boolean next() throws IOException {
            boolean loaded = reader.loadNextBatch();
            if (loaded && eventTime != null) {
                if (lateRows == null) {
                    eventTime.add(reader.root());
                } else {
                    eventTime.add(reader.root(), watermarkMs);
                    if (eventTime.lateCount() > 0) {
                        lateRows.write(reader.root(), eventTime.lateRows(), eventTime.lateCount());
                    }
                }
            }
            return loaded;
        }

        @Override
        public VectorSchemaRoot batch() {
            return reader.root();
        }

        EventTimeStats eventTime() {
            return eventTime == null ? EventTimeStats.getDefaultInstance() : eventTime.stats();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** The state of one run: the operators, the terminal, counters and timers. */
    private static final class Run {
        private final TaskRequest request;
        private final BooleanSupplier cancelled;
        private final Terminal terminal;
        private final List<Operator> operators = new ArrayList<>();
        private long inputRows;
        private long outputRows;
        private long readNanos;
        private long writeNanos;
        private long operatorNanos;

        Run(TaskRequest request, BooleanSupplier cancelled, Terminal terminal) {
            this.request = request;
            this.cancelled = cancelled;
            this.terminal = terminal;
        }

        TaskResult result(String message, long began, EventTimeStats eventTime, StatefulTaskResult stateful) {
            StatefulTaskResult withEventTime = new StatefulTaskResult(eventTime, stateful.shuffleRows(),
                    stateful.shuffleBytes(), stateful.rowsDroppedByWatermark(), stateful.state(),
                    stateful.lateRowsCommitMessage());
            return new TaskResult(message, inputRows, outputRows, readNanos, operatorNanos, writeNanos,
                    System.nanoTime() - began, withEventTime);
        }

        /** Factories' operators, then {@code tail} (created by the caller, who closes them). */
        void run(Input input, List<OperatorFactory> factories, List<Operator> tail, BufferAllocator taskAllocator)
                throws IOException {
            run(input, factories, tail, List.of(), taskAllocator);
        }

        /** Factories' operators, then {@code middle} (the caller's, who closes them), then {@code after}'s. */
        void run(Input input, List<OperatorFactory> factories, List<Operator> middle, List<OperatorFactory> after,
                BufferAllocator taskAllocator) throws IOException {
            List<BufferAllocator> operatorAllocators = new ArrayList<>();
            List<Operator> owned = new ArrayList<>();
            try {
                create(factories, taskAllocator, operatorAllocators, owned, "operator-");
                operators.addAll(owned);
                operators.addAll(middle);
                List<Operator> ownedAfter = new ArrayList<>();
                create(after, taskAllocator, operatorAllocators, ownedAfter, "after-operator-");
                owned.addAll(ownedAfter);
                operators.addAll(ownedAfter);
                while (true) {
                    checkCancelled();
                    long readStart = System.nanoTime();
                    boolean loaded = input.next();
                    readNanos += System.nanoTime() - readStart;
                    if (!loaded) {
                        break;
                    }
                    VectorSchemaRoot batch = input.batch();
                    inputRows += batch.getRowCount();
                    push(0, batch);
                }
                finishOperators();
            } finally {
                closeOperators(owned, operatorAllocators);
            }
        }

        private void create(List<OperatorFactory> factories, BufferAllocator taskAllocator,
                List<BufferAllocator> allocators, List<Operator> created, String prefix) {
            for (int index = 0; index < factories.size(); index++) {
                BufferAllocator operatorAllocator = taskAllocator.newChildAllocator(prefix + index, 0,
                        Long.MAX_VALUE);
                allocators.add(operatorAllocator);
                created.add(factories.get(index).create(new OperatorContext(operatorAllocator, request.queryId(),
                        request.batchId(), request.taskIndex(), request.watermarkMs())));
            }
        }

        /** Hands {@code batch} to operator {@code index} (or the terminal after the last) and drains what follows. */
        private void push(int index, VectorSchemaRoot batch) throws IOException {
            if (index == operators.size()) {
                long writeStart = System.nanoTime();
                terminal.write(batch);
                writeNanos += System.nanoTime() - writeStart;
                outputRows += batch.getRowCount();
                return;
            }
            Operator operator = operators.get(index);
            if (!operator.needsInput()) {
                drain(index);
                if (!operator.needsInput()) {
                    throw new IllegalStateException("operator " + index + " of " + request.describe()
                            + " takes no input and has no output");
                }
            }
            long start = System.nanoTime();
            operator.addInput(batch);
            operatorNanos += System.nanoTime() - start;
            drain(index);
        }

        /** Passes on every batch operator {@code index} has ready; each stays valid until the next call on it. */
        private void drain(int index) throws IOException {
            Operator operator = operators.get(index);
            while (true) {
                long start = System.nanoTime();
                VectorSchemaRoot output = operator.getOutput();
                operatorNanos += System.nanoTime() - start;
                if (output == null) {
                    return;
                }
                push(index + 1, output);
            }
        }

        private void finishOperators() throws IOException {
            for (int index = 0; index < operators.size(); index++) {
                Operator operator = operators.get(index);
                long start = System.nanoTime();
                operator.finish();
                operatorNanos += System.nanoTime() - start;
                drain(index);
                if (!operator.isFinished()) {
                    throw new IllegalStateException("operator " + index + " of " + request.describe()
                            + " did not finish after its input ended");
                }
            }
        }

        private void checkCancelled() {
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                throw new TaskCancelledException(request.describe() + " was cancelled");
            }
        }

        private static void closeOperators(List<Operator> owned, List<BufferAllocator> operatorAllocators) {
            RuntimeException failure = null;
            for (int index = owned.size() - 1; index >= 0; index--) {
                try {
                    owned.get(index).close();
                } catch (RuntimeException e) {
                    failure = suppress(failure, e);
                }
            }
            for (BufferAllocator operatorAllocator : operatorAllocators) {
                try {
                    operatorAllocator.close();
                } catch (RuntimeException e) {
                    failure = suppress(failure, e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }

        private static RuntimeException suppress(RuntimeException first, RuntimeException next) {
            if (first == null) {
                return next;
            }
            first.addSuppressed(next);
            return first;
        }
    }
}
