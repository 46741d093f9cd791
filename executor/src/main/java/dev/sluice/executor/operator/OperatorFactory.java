package dev.sluice.executor.operator;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Built once per query from the plan (checks, compiled expressions, output schema), then creates a fresh
 * {@link Operator} for each task: nothing that can be done once per query is done per batch.
 */
public interface OperatorFactory {

    /** The schema of the batches the operators produce. */
    Schema outputSchema();

    Operator create(OperatorContext context);
}
