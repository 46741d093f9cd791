package dev.sluice.executor.operator;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One task's operators, run in order: a batch pushed in goes through every operator, and what comes out of the
 * last is handed to a consumer. Each operator gets its own child allocator of the task's, named after its place,
 * so a leak names the operator.
 *
 * <p>Ownership: a batch handed to the consumer belongs to the last operator and is valid only during the call.
 */
public final class OperatorChain implements AutoCloseable {
    private final List<Operator> operators;
    private final List<BufferAllocator> allocators;
    private final Consumer<VectorSchemaRoot> consumer;
    private boolean finished;

    private OperatorChain(List<Operator> operators, List<BufferAllocator> allocators,
            Consumer<VectorSchemaRoot> consumer) {
        this.operators = operators;
        this.allocators = allocators;
        this.consumer = consumer;
    }

    /** Creates the operators of {@code factories} for one task. */
    public static OperatorChain create(List<OperatorFactory> factories, BufferAllocator taskAllocator, String queryId,
            long batchId, int taskIndex, Consumer<VectorSchemaRoot> consumer) {
        requireNonNull(factories, "factories is null");
        requireNonNull(taskAllocator, "taskAllocator is null");
        requireNonNull(consumer, "consumer is null");
        List<Operator> operators = new ArrayList<>();
        List<BufferAllocator> allocators = new ArrayList<>();
        try {
            for (int i = 0; i < factories.size(); i++) {
                BufferAllocator allocator = taskAllocator.newChildAllocator("operator-" + i, 0, Long.MAX_VALUE);
                allocators.add(allocator);
                operators.add(factories.get(i).create(new OperatorContext(allocator, queryId, batchId, taskIndex)));
            }
        } catch (RuntimeException e) {
            closeAll(operators, allocators, e);
            throw e;
        }
        return new OperatorChain(List.copyOf(operators), List.copyOf(allocators), consumer);
    }

    /** Pushes one batch through the chain; the batch stays the caller's. */
    public void push(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        if (finished) {
            throw new IllegalStateException("the chain is finished");
        }
        feed(0, batch);
    }

    /** Ends the input: every operator finishes in order and hands on what it still holds. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        for (int i = 0; i < operators.size(); i++) {
            operators.get(i).finish();
            drain(i);
            if (!operators.get(i).isFinished()) {
                throw new IllegalStateException("operator " + i + " is not finished after finish() and draining");
            }
        }
    }

    private void feed(int index, VectorSchemaRoot batch) {
        if (index == operators.size()) {
            consumer.accept(batch);
            return;
        }
        Operator operator = operators.get(index);
        if (!operator.needsInput()) {
            throw new IllegalStateException("operator " + index + " does not accept input");
        }
        operator.addInput(batch);
        drain(index);
    }

    private void drain(int index) {
        Operator operator = operators.get(index);
        VectorSchemaRoot output;
        while ((output = operator.getOutput()) != null) {
            feed(index + 1, output);
        }
    }

    @Override
    public void close() {
        closeAll(operators, allocators, null);
    }

    private static void closeAll(List<Operator> operators, List<BufferAllocator> allocators, RuntimeException failure) {
        RuntimeException error = failure;
        for (Operator operator : operators) {
            try {
                operator.close();
            } catch (RuntimeException e) {
                if (error == null) {
                    error = e;
                } else {
                    error.addSuppressed(e);
                }
            }
        }
        for (BufferAllocator allocator : allocators) {
            try {
                allocator.close();
            } catch (RuntimeException e) {
                if (error == null) {
                    error = e;
                } else {
                    error.addSuppressed(e);
                }
            }
        }
        if (error != null && failure == null) {
            throw error;
        }
    }
}
