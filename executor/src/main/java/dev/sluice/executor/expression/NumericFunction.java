package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.Call.Function;
import dev.sluice.planner.plan.proto.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Unary minus, ABS, and FLOOR / CEIL of a number. Negating or taking ABS of the smallest integer is an overflow. */
final class NumericFunction extends VectorExpression {
    private final Function function;
    private final VectorExpression operand;

    NumericFunction(DataType type, String text, int slot, Function function, VectorExpression operand) {
        super(type, text, slot);
        this.function = function;
        this.operand = operand;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column value = operand.evaluate(context, selection, count);
        Column result = context.column(slot(), Storage.of(type()));
        result.reset(count);
        result.copyNullsFrom(value, count);
        boolean hasNulls = result.hasNulls;
        boolean[] nulls = result.nulls;
        switch (value.storage()) {
            case LONG -> {
                long minimum = type().getKind() == DataType.Kind.INT ? Integer.MIN_VALUE : Long.MIN_VALUE;
                long[] in = value.longs;
                long[] out = result.longs;
                switch (function) {
                    case NEGATE, ABS -> {
                        boolean isAbs = function == Function.ABS;
                        for (int i = 0; i < count; i++) {
                            long x = in[i];
                            if (x == minimum && !(hasNulls && nulls[i])) {
                                throw new ExpressionException(type().getKind() + " overflow in " + text() + ": " + x);
                            }
                            out[i] = isAbs ? Math.abs(x) : -x;
                        }
                    }
                    case FLOOR, CEIL -> System.arraycopy(in, 0, out, 0, count);
                    default -> throw new IllegalStateException("not a numeric function: " + function);
                }
            }
            case DOUBLE -> {
                double[] in = value.doubles;
                double[] out = result.doubles;
                switch (function) {
                    case NEGATE -> {
                        for (int i = 0; i < count; i++) {
                            out[i] = -in[i];
                        }
                    }
                    case ABS -> {
                        for (int i = 0; i < count; i++) {
                            out[i] = Math.abs(in[i]);
                        }
                    }
                    case FLOOR -> {
                        for (int i = 0; i < count; i++) {
                            out[i] = Math.floor(in[i]);
                        }
                    }
                    case CEIL -> {
                        for (int i = 0; i < count; i++) {
                            out[i] = Math.ceil(in[i]);
                        }
                    }
                    default -> throw new IllegalStateException("not a numeric function: " + function);
                }
            }
            case DECIMAL -> {
                BigDecimal[] in = value.decimals;
                BigDecimal[] out = result.decimals;
                int scale = type().getScale();
                for (int i = 0; i < count; i++) {
                    if (hasNulls && nulls[i]) {
                        out[i] = null;
                        continue;
                    }
                    BigDecimal x = in[i];
                    BigDecimal r = switch (function) {
                        case NEGATE -> x.negate();
                        case ABS -> x.abs();
                        case FLOOR -> x.setScale(0, RoundingMode.FLOOR);
                        case CEIL -> x.setScale(0, RoundingMode.CEILING);
                        default -> throw new IllegalStateException("not a numeric function: " + function);
                    };
                    out[i] = Decimals.fit(r, type().getPrecision(), scale, this, x.toPlainString());
                }
            }
            case BOOLEAN, STRING -> throw new IllegalStateException(function + " of " + value.storage());
        }
        return result;
    }
}
