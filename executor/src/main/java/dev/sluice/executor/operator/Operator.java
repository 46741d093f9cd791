package dev.sluice.executor.operator;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One step of a task's pipeline over Arrow batches, in the push/pull shape of Trino's operators: the task driver
 * pushes a batch with {@link #addInput} when {@link #needsInput()} says so, pulls results with {@link #getOutput},
 * and calls {@link #finish} when its input has ended. Event-time, timer and state hooks come later as default
 * methods that only stateful operators override.
 *
 * <p>Ownership: the batch given to {@link #addInput} stays the caller's and may be reused once the call returns
 * (a source reader refills the same root), so an operator that needs the rows later must compute from them or
 * transfer them before returning. A batch returned by {@link #getOutput} belongs to the operator and stays valid
 * until the next call on this operator.
 */
public interface Operator extends AutoCloseable {

    /** Whether {@link #addInput} may be called now. */
    boolean needsInput();

    /** Consumes one batch. Only when {@link #needsInput()} is true. */
    void addInput(VectorSchemaRoot batch);

    /** The next result batch, or null if none is ready. */
    VectorSchemaRoot getOutput();

    /** No more input will come; remaining results become available through {@link #getOutput}. */
    void finish();

    /** Finished and drained: no more output will come. */
    boolean isFinished();

    /** Releases the operator's buffers; called once, also after a failure. */
    @Override
    void close();
}
