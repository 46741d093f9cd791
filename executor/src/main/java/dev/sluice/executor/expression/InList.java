package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.DataType;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code value IN (literal, ...)}: a sorted array (binary search) for numbers, a hash set for strings and decimals,
 * built once. SQL semantics: NULL if the value is NULL, TRUE if it is in the list, otherwise NULL if the list holds
 * a NULL, else FALSE. Lists with non-literal elements are compiled to OR of = instead.
 */
final class InList extends VectorExpression {
    private final VectorExpression value;
    private final long[] longs;
    private final double[] doubles;
    private final Set<Object> objects;
    private final boolean listHasNull;

    InList(DataType type, String text, int slot, VectorExpression value, Storage storage, Object[] elements) {
        super(type, text, slot);
        this.value = value;
        boolean hasNull = false;
        int nonNull = 0;
        for (Object element : elements) {
            if (element == null) {
                hasNull = true;
            } else {
                nonNull++;
            }
        }
        this.listHasNull = hasNull;
        long[] longValues = null;
        double[] doubleValues = null;
        Set<Object> objectValues = null;
        int index = 0;
        switch (storage) {
            case LONG -> {
                longValues = new long[nonNull];
                for (Object element : elements) {
                    if (element != null) {
                        longValues[index++] = (Long) element;
                    }
                }
                Arrays.sort(longValues);
            }
            case DOUBLE -> {
                doubleValues = new double[nonNull];
                for (Object element : elements) {
                    if (element != null) {
                        doubleValues[index++] = (Double) element;
                    }
                }
                Arrays.sort(doubleValues);
            }
            case BOOLEAN, STRING, DECIMAL -> {
                objectValues = new HashSet<>();
                for (Object element : elements) {
                    if (element != null) {
                        // Decimals compare by value: 1.0 IN (1.00) is TRUE.
                        objectValues.add(element instanceof BigDecimal decimal ? normalize(decimal) : element);
                    }
                }
            }
        }
        this.longs = longValues;
        this.doubles = doubleValues;
        this.objects = objectValues;
    }

    private static BigDecimal normalize(BigDecimal decimal) {
        return decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column input = value.evaluate(context, selection, count);
        Column result = context.column(slot(), Storage.BOOLEAN);
        result.reset(count);
        result.copyNullsFrom(input, count);
        boolean[] out = result.booleans;
        switch (input.storage()) {
            case LONG -> {
                long[] values = input.longs;
                for (int i = 0; i < count; i++) {
                    out[i] = Arrays.binarySearch(longs, values[i]) >= 0;
                }
            }
            case DOUBLE -> {
                double[] values = input.doubles;
                for (int i = 0; i < count; i++) {
                    out[i] = Arrays.binarySearch(doubles, values[i]) >= 0;
                }
            }
            case BOOLEAN -> {
                boolean[] values = input.booleans;
                for (int i = 0; i < count; i++) {
                    out[i] = objects.contains(values[i]);
                }
            }
            case DECIMAL -> {
                for (int i = 0; i < count; i++) {
                    out[i] = !input.isNull(i) && objects.contains(normalize(input.decimals[i]));
                }
            }
            case STRING -> {
                for (int i = 0; i < count; i++) {
                    out[i] = !input.isNull(i) && objects.contains(input.strings[i]);
                }
            }
        }
        if (listHasNull) {
            result.ensureNullFlags();
            for (int i = 0; i < count; i++) {
                if (!out[i]) {
                    result.nulls[i] = true;
                }
            }
        }
        return result;
    }
}
