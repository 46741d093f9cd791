package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.DataType;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * A literal. Its column is filled once up to the largest row count asked for and then only re-read, so a literal
 * operand costs nothing per batch.
 */
final class Constant extends VectorExpression {
    /** The value: Boolean, Long, Double, BigDecimal or String as the storage says; null for SQL NULL. */
    private final Object value;
    private final Storage storage;

    Constant(DataType type, String text, int slot, Storage storage, Object value) {
        super(type, text, slot);
        this.storage = storage;
        this.value = value;
    }

    Object value() {
        return value;
    }

    Storage storage() {
        return storage;
    }

    @Override
    public boolean isConstant() {
        return true;
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column column = context.column(slot(), storage);
        if (column.size() >= count && column.size() > 0) {
            return column;
        }
        column.reset(count);
        if (value == null) {
            Arrays.fill(column.nulls, 0, count, true);
            column.hasNulls = true;
            return column;
        }
        switch (storage) {
            case BOOLEAN -> Arrays.fill(column.booleans, 0, count, (Boolean) value);
            case LONG -> Arrays.fill(column.longs, 0, count, (Long) value);
            case DOUBLE -> Arrays.fill(column.doubles, 0, count, (Double) value);
            case DECIMAL -> Arrays.fill(column.decimals, 0, count, (BigDecimal) value);
            case STRING -> Arrays.fill(column.strings, 0, count, (String) value);
        }
        return column;
    }
}
