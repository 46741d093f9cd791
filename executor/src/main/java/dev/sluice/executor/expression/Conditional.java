package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.DataType;
import java.util.List;

/**
 * CASE WHEN c1 THEN v1 ... ELSE e END and COALESCE, both lazy per row: a branch is evaluated only over the rows
 * that reach it, so {@code CASE WHEN b = 0 THEN 0 ELSE a / b END} never divides by zero.
 */
final class Conditional extends VectorExpression {
    private final boolean isCoalesce;
    /** CASE: when1, then1, ..., [else]; COALESCE: the operands. */
    private final VectorExpression[] operands;

    Conditional(DataType type, String text, int slot, boolean isCoalesce, List<VectorExpression> operands) {
        super(type, text, slot);
        this.isCoalesce = isCoalesce;
        this.operands = operands.toArray(new VectorExpression[0]);
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column result = context.column(slot(), Storage.of(type()));
        result.resetWithNullFlags(count);
        result.hasNulls = true;
        int[] remaining = context.rows(slot(), 0, count);
        int[] matched = context.rows(slot(), 1, count);
        int[] childRows = context.rows(slot(), 2, count);
        Rows.identity(remaining, count);
        int active = count;
        if (isCoalesce) {
            for (VectorExpression operand : operands) {
                if (active == 0) {
                    break;
                }
                Column value = evaluateOver(operand, context, selection, count, remaining, active, childRows);
                result.scatterFrom(value, remaining, active, true);
                if (!value.hasNulls) {
                    active = 0;
                    break;
                }
                int kept = 0;
                for (int k = 0; k < active; k++) {
                    if (value.nulls[k]) {
                        remaining[kept++] = remaining[k];
                    }
                }
                active = kept;
            }
        } else {
            int pairs = operands.length / 2;
            for (int pair = 0; pair < pairs && active > 0; pair++) {
                Column condition = evaluateOver(operands[2 * pair], context, selection, count, remaining, active,
                        childRows);
                int matchedCount = 0;
                int kept = 0;
                for (int k = 0; k < active; k++) {
                    if (condition.booleans[k] && !(condition.hasNulls && condition.nulls[k])) {
                        matched[matchedCount++] = remaining[k];
                    } else {
                        remaining[kept++] = remaining[k];
                    }
                }
                active = kept;
                if (matchedCount > 0) {
                    Column value = evaluateOver(operands[2 * pair + 1], context, selection, count, matched,
                            matchedCount, childRows);
                    result.scatterFrom(value, matched, matchedCount, false);
                }
            }
            if (active > 0 && operands.length % 2 == 1) {
                Column value = evaluateOver(operands[operands.length - 1], context, selection, count, remaining,
                        active, childRows);
                result.scatterFrom(value, remaining, active, false);
                active = 0;
            }
        }
        // Rows no branch reached are NULL.
        for (int k = 0; k < active; k++) {
            result.nulls[remaining[k]] = true;
        }
        result.clearValuesAtNulls();
        return result;
    }

    private static Column evaluateOver(VectorExpression operand, EvaluationContext context, int[] selection,
            int count, int[] positions, int active, int[] childRows) {
        if (active == count) {
            // positions is still the identity: no rows were split off yet
            return operand.evaluate(context, selection, count);
        }
        return operand.evaluate(context, Rows.batchRows(selection, positions, active, childRows), active);
    }
}
