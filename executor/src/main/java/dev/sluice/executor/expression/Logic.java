package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.DataType;
import java.util.Arrays;
import java.util.List;

/**
 * AND / OR over any number of operands with SQL's three-valued logic (FALSE AND NULL = FALSE, TRUE OR NULL = TRUE,
 * otherwise NULL wins over the neutral value). Evaluation is lazy per row: operand k+1 is evaluated only over the
 * rows that operands 1..k left undecided, so {@code b <> 0 AND a / b > 1} never divides by zero, and rows already
 * decided cost nothing.
 */
final class Logic extends VectorExpression {
    private final boolean isAnd;
    private final VectorExpression[] operands;

    Logic(DataType type, String text, int slot, boolean isAnd, List<VectorExpression> operands) {
        super(type, text, slot);
        this.isAnd = isAnd;
        this.operands = operands.toArray(new VectorExpression[0]);
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column result = context.column(slot(), Storage.BOOLEAN);
        result.resetWithNullFlags(count);
        result.hasNulls = true;
        boolean[] out = result.booleans;
        boolean[] nulls = result.nulls;
        // Undecided rows hold the neutral value (TRUE for AND, FALSE for OR); a decided row holds the other.
        Arrays.fill(out, 0, count, isAnd);
        int[] positions = context.rows(slot(), 0, count);
        int[] childRows = context.rows(slot(), 1, count);
        Rows.identity(positions, count);
        int active = count;
        for (VectorExpression operand : operands) {
            if (active == 0) {
                break;
            }
            Column value = active == count
                    ? operand.evaluate(context, selection, count)
                    : operand.evaluate(context, Rows.batchRows(selection, positions, active, childRows), active);
            boolean[] values = value.booleans;
            boolean[] valueNulls = value.nulls;
            boolean valueHasNulls = value.hasNulls;
            int kept = 0;
            for (int k = 0; k < active; k++) {
                int position = positions[k];
                if (valueHasNulls && valueNulls[k]) {
                    nulls[position] = true;
                    positions[kept++] = position;
                } else if (values[k] != isAnd) {
                    out[position] = !isAnd;
                    nulls[position] = false;
                } else {
                    positions[kept++] = position;
                }
            }
            active = kept;
        }
        return result;
    }
}
