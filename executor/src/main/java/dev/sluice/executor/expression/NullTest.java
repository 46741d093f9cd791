package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.Call.Function;
import dev.sluice.planner.plan.proto.DataType;

/** IS [NOT] NULL, IS [NOT] TRUE, IS [NOT] FALSE: never NULL themselves. */
final class NullTest extends VectorExpression {
    private final Function function;
    private final VectorExpression operand;

    NullTest(DataType type, String text, int slot, Function function, VectorExpression operand) {
        super(type, text, slot);
        this.function = function;
        this.operand = operand;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column value = operand.evaluate(context, selection, count);
        Column result = context.column(slot(), Storage.BOOLEAN);
        result.reset(count);
        boolean[] out = result.booleans;
        boolean hasNulls = value.hasNulls;
        boolean[] nulls = value.nulls;
        boolean[] values = value.booleans;
        switch (function) {
            case IS_NULL, IS_NOT_NULL -> {
                boolean whenNull = function == Function.IS_NULL;
                for (int i = 0; i < count; i++) {
                    out[i] = (hasNulls && nulls[i]) == whenNull;
                }
            }
            case IS_TRUE, IS_NOT_TRUE -> {
                boolean negate = function == Function.IS_NOT_TRUE;
                for (int i = 0; i < count; i++) {
                    out[i] = (!(hasNulls && nulls[i]) && values[i]) != negate;
                }
            }
            case IS_FALSE, IS_NOT_FALSE -> {
                boolean negate = function == Function.IS_NOT_FALSE;
                for (int i = 0; i < count; i++) {
                    out[i] = (!(hasNulls && nulls[i]) && !values[i]) != negate;
                }
            }
            default -> throw new IllegalStateException("not a null test: " + function);
        }
        return result;
    }
}
