package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.DataType;

/** NOT: NULL stays NULL. */
final class Not extends VectorExpression {
    private final VectorExpression operand;

    Not(DataType type, String text, int slot, VectorExpression operand) {
        super(type, text, slot);
        this.operand = operand;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column value = operand.evaluate(context, selection, count);
        Column result = context.column(slot(), Storage.BOOLEAN);
        result.reset(count);
        result.copyNullsFrom(value, count);
        boolean[] in = value.booleans;
        boolean[] out = result.booleans;
        for (int i = 0; i < count; i++) {
            out[i] = !in[i];
        }
        return result;
    }
}
