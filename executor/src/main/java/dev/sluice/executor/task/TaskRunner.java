package dev.sluice.executor.task;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.InputPartition;
import dev.sluice.connector.PartitionReader;
import dev.sluice.connector.ReaderRequest;
import dev.sluice.connector.SinkWriter;
import dev.sluice.connector.Source;
import dev.sluice.connector.WriterRequest;
import dev.sluice.executor.operator.Operator;
import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.executor.operator.OperatorFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Runs one task: the source reader for the task's partition, then the pipeline's operators (pushed and pulled as
 * the {@link Operator} contract says), then the sink writer, whose commit message is the task's result.
 *
 * <p>Memory: every task gets a child allocator of the executor's, and every operator a child of the task's; all
 * are closed when the task ends, so a leak fails the task instead of growing the executor.
 */
public final class TaskRunner {
    /** The most rows a reader loads into one Arrow batch. */
    public static final int MAX_ROWS_PER_BATCH = 4096;

    private final BufferAllocator allocator;

    public TaskRunner(BufferAllocator allocator) {
        this.allocator = requireNonNull(allocator, "allocator is null");
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
        PreparedQuery.PreparedPipeline pipeline = query.pipeline(request.pipelineIndex());
        Source source = query.source(pipeline.sourceIndex());
        InputPartition partition = source.partitionFromJson(request.inputPartitionJson());
        String name = "batch-" + request.batchId() + "-task-" + request.taskIndex() + "-attempt-" + request.attempt();
        try (BufferAllocator taskAllocator = allocator.newChildAllocator(name, 0, Long.MAX_VALUE)) {
            SinkWriter writer = query.sink().createWriter(new WriterRequest(request.queryId(), request.batchId(),
                    request.taskIndex(), taskAllocator));
            try {
                TaskResult result;
                try (PartitionReader reader = source.createReader(new ReaderRequest(partition, taskAllocator,
                        MAX_ROWS_PER_BATCH))) {
                    result = new Run(request, writer, cancelled).run(reader, pipeline.operators(), taskAllocator,
                            began);
                }
                writer.close();
                return result;
            } catch (IOException | RuntimeException | Error e) {
                abortQuietly(writer, e);
                throw e;
            }
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

    /** The state of one run: the writer, counters and timers. */
    private static final class Run {
        private final TaskRequest request;
        private final SinkWriter writer;
        private final BooleanSupplier cancelled;
        private final List<Operator> operators = new ArrayList<>();
        private long inputRows;
        private long outputRows;
        private long readNanos;
        private long writeNanos;
        private long operatorNanos;

        Run(TaskRequest request, SinkWriter writer, BooleanSupplier cancelled) {
            this.request = request;
            this.writer = writer;
            this.cancelled = cancelled;
        }

        TaskResult run(PartitionReader reader, List<OperatorFactory> factories, BufferAllocator taskAllocator,
                long began) throws IOException {
            List<BufferAllocator> operatorAllocators = new ArrayList<>();
            try {
                for (int index = 0; index < factories.size(); index++) {
                    BufferAllocator operatorAllocator = taskAllocator.newChildAllocator("operator-" + index, 0,
                            Long.MAX_VALUE);
                    operatorAllocators.add(operatorAllocator);
                    operators.add(factories.get(index).create(new OperatorContext(operatorAllocator,
                            request.queryId(), request.batchId(), request.taskIndex())));
                }
                while (true) {
                    checkCancelled();
                    long readStart = System.nanoTime();
                    boolean loaded = reader.loadNextBatch();
                    readNanos += System.nanoTime() - readStart;
                    if (!loaded) {
                        break;
                    }
                    VectorSchemaRoot batch = reader.root();
                    inputRows += batch.getRowCount();
                    push(0, batch);
                }
                finishOperators();
                long commitStart = System.nanoTime();
                String message = writer.commit();
                writeNanos += System.nanoTime() - commitStart;
                return new TaskResult(message, inputRows, outputRows, readNanos, operatorNanos, writeNanos,
                        System.nanoTime() - began);
            } finally {
                closeOperators(operatorAllocators);
            }
        }

        /** Hands {@code batch} to operator {@code index} (or the writer after the last) and drains what follows. */
        private void push(int index, VectorSchemaRoot batch) throws IOException {
            if (index == operators.size()) {
                long writeStart = System.nanoTime();
                writer.write(batch);
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
                operator.finish();
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

        private void closeOperators(List<BufferAllocator> operatorAllocators) {
            RuntimeException failure = null;
            for (int index = operators.size() - 1; index >= 0; index--) {
                try {
                    operators.get(index).close();
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
