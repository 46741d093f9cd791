package dev.sluice.executor.operator;

import static java.util.Objects.requireNonNull;

import dev.sluice.executor.expression.ArrowTypes;
import dev.sluice.executor.expression.Column;
import dev.sluice.executor.expression.ColumnWriter;
import dev.sluice.executor.expression.EvaluationContext;
import dev.sluice.executor.expression.ExpressionCompiler;
import dev.sluice.executor.expression.ExpressionException;
import dev.sluice.executor.expression.VectorExpression;
import dev.sluice.planner.plan.proto.Calc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Calcite's Calc: keeps the rows whose condition is TRUE (NULL and FALSE drop the row) and computes the
 * projections over them, in one pass per batch.
 *
 * <p>The condition yields a selection vector (the indexes of the kept rows); the projections are evaluated only
 * over those rows (an error in a projection can only come from a kept row), reading the input through the
 * selection, so no filtered copy of the input is made. A projection that is a bare input column is copied straight
 * from the input vector (a buffer copy when no row was dropped); the input batch stays the caller's, so it is never
 * transferred. The output root and its vectors are reused from batch to batch. A batch whose rows are all dropped
 * produces no output.
 */
public final class CalcOperator implements Operator {
    private final Factory factory;
    private final OperatorContext context;
    private final EvaluationContext evaluation;
    private final VectorSchemaRoot output;
    private int[] selection = new int[0];
    private boolean hasOutput;
    private boolean finishing;

    private CalcOperator(Factory factory, OperatorContext context) {
        this.factory = factory;
        this.context = context;
        this.evaluation = factory.compiler.newContext();
        this.output = VectorSchemaRoot.create(factory.outputSchema, context.allocator());
    }

    @Override
    public boolean needsInput() {
        return !finishing && !hasOutput;
    }

    @Override
    public void addInput(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        if (!needsInput()) {
            throw new IllegalStateException("Calc does not need input now (finishing=" + finishing
                    + ", output pending=" + hasOutput + ")");
        }
        int rows = batch.getRowCount();
        if (rows == 0) {
            return;
        }
        evaluation.bind(batch);
        try {
            int[] rowSelection = null;
            int count = rows;
            if (factory.condition != null) {
                count = select(factory.condition.evaluate(evaluation, null, rows), rows);
                if (count == 0) {
                    return;
                }
                rowSelection = count == rows ? null : selection;
            }
            List<FieldVector> inputs = batch.getFieldVectors();
            for (int k = 0; k < factory.projections.size(); k++) {
                VectorExpression projection = factory.projections.get(k);
                FieldVector target = output.getVector(k);
                int column = projection.inputColumn();
                if (column >= 0) {
                    ColumnWriter.copy(inputs.get(column), target, rowSelection, count);
                } else {
                    Column values = projection.evaluate(evaluation, rowSelection, count);
                    ColumnWriter.write(values, projection.type(), target, count);
                }
            }
            output.setRowCount(count);
            hasOutput = true;
        } catch (ExpressionException e) {
            throw new ExpressionException("Calc in query " + context.queryId() + ", batch " + context.batchId()
                    + ", task " + context.taskIndex() + ": " + e.getMessage(), e);
        } finally {
            evaluation.unbind();
        }
    }

    /** Fills {@link #selection} with the rows whose condition is TRUE; returns their count. */
    private int select(Column condition, int rows) {
        if (selection.length < rows) {
            selection = new int[rows];
        }
        int[] selected = selection;
        boolean[] values = condition.booleans;
        int count = 0;
        if (condition.hasNulls) {
            boolean[] nulls = condition.nulls;
            for (int i = 0; i < rows; i++) {
                selected[count] = i;
                count += values[i] & !nulls[i] ? 1 : 0;
            }
        } else {
            for (int i = 0; i < rows; i++) {
                selected[count] = i;
                count += values[i] ? 1 : 0;
            }
        }
        return count;
    }

    @Override
    public VectorSchemaRoot getOutput() {
        if (!hasOutput) {
            return null;
        }
        hasOutput = false;
        return output;
    }

    @Override
    public void finish() {
        finishing = true;
    }

    @Override
    public boolean isFinished() {
        return finishing && !hasOutput;
    }

    @Override
    public void close() {
        output.close();
    }

    /** The Calc of a plan, compiled once against its input schema. */
    public static final class Factory implements OperatorFactory {
        private final ExpressionCompiler compiler;
        private final VectorExpression condition;
        private final List<VectorExpression> projections;
        private final Schema outputSchema;

        public Factory(Calc calc, Schema inputSchema) {
            requireNonNull(calc, "calc is null");
            requireNonNull(inputSchema, "inputSchema is null");
            if (calc.getOutputNamesCount() != calc.getProjectionsCount()) {
                throw new IllegalArgumentException("Calc has " + calc.getProjectionsCount() + " projections but "
                        + calc.getOutputNamesCount() + " output names " + calc.getOutputNamesList());
            }
            this.compiler = new ExpressionCompiler(inputSchema);
            this.condition = calc.hasCondition() ? compiler.compileCondition(calc.getCondition()) : null;
            List<VectorExpression> compiled = new ArrayList<>();
            List<Field> fields = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int k = 0; k < calc.getProjectionsCount(); k++) {
                String name = calc.getOutputNames(k);
                if (name.isEmpty() || !names.add(name)) {
                    throw new IllegalArgumentException("Calc output name " + k + " is "
                            + (name.isEmpty() ? "empty" : "a duplicate: " + name));
                }
                VectorExpression projection = compiler.compile(calc.getProjections(k));
                compiled.add(projection);
                fields.add(new Field(name, ArrowTypes.fieldType(projection.type()), null));
            }
            this.projections = List.copyOf(compiled);
            this.outputSchema = new Schema(fields);
        }

        @Override
        public Schema outputSchema() {
            return outputSchema;
        }

        @Override
        public Operator create(OperatorContext context) {
            requireNonNull(context, "context is null");
            return new CalcOperator(this, context);
        }
    }
}
