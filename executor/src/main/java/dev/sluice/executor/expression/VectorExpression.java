package dev.sluice.executor.expression;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.plan.proto.DataType;

/**
 * One compiled expression node. {@link #evaluate} computes the node for a whole set of rows in one loop per node
 * (children first), so the per-row work is a tight loop over primitive arrays: the only virtual calls are one per
 * node per batch.
 *
 * <p>Nodes are immutable and shared by every operator instance of a query; the buffers a node writes live in the
 * {@link EvaluationContext} under the node's {@link #slot}, one context per operator instance.
 */
public abstract class VectorExpression {
    private final DataType type;
    private final String text;
    private final int slot;

    protected VectorExpression(DataType type, String text, int slot) {
        this.type = requireNonNull(type, "type is null");
        this.text = requireNonNull(text, "text is null");
        this.slot = slot;
    }

    /** The SQL type of the result. */
    public DataType type() {
        return type;
    }

    /** The expression as SQL-like text, for error messages. */
    public String text() {
        return text;
    }

    /** Where this node's buffers live in an {@link EvaluationContext}. */
    public int slot() {
        return slot;
    }

    /**
     * The input column this node is, unchanged, or -1: a projection of a bare column can copy the Arrow vector
     * instead of evaluating.
     */
    public int inputColumn() {
        return -1;
    }

    /** Whether the node gives the same value for every row and reads no column. */
    public boolean isConstant() {
        return false;
    }

    /**
     * Evaluates the node over {@code count} rows of the context's bound batch: row {@code j} of the result is batch
     * row {@code selection[j]}, or batch row {@code j} when {@code selection} is null. The returned column belongs
     * to the context and stays valid until this node is evaluated again.
     */
    public abstract Column evaluate(EvaluationContext context, int[] selection, int count);

    @Override
    public String toString() {
        return text;
    }
}
