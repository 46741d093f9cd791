package dev.sluice.executor.expression;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The result of evaluating one expression node over the rows of a batch: dense values in heap arrays (row {@code j}
 * of the column is the {@code j}-th row of the selection it was evaluated on), plus null flags.
 *
 * <p>One column belongs to one expression node of one operator instance and is overwritten by the next
 * evaluation; its arrays only grow, so a steady stream of batches allocates nothing. Values at null rows are
 * arbitrary for primitive storages (so every error path checks the null flag before raising) and null for object
 * storages; {@link #hasNulls} false means no row is null, which lets loops skip the null checks altogether.
 */
public final class Column {
    private final Storage storage;
    private int size;
    /** Whether any of the first {@link #size} rows is null; if false, {@link #nulls} may hold stale values. */
    public boolean hasNulls;
    public boolean[] nulls = new boolean[0];
    public boolean[] booleans;
    public long[] longs;
    public double[] doubles;
    public BigDecimal[] decimals;
    public String[] strings;

    public Column(Storage storage) {
        this.storage = storage;
        switch (storage) {
            case BOOLEAN -> booleans = new boolean[0];
            case LONG -> longs = new long[0];
            case DOUBLE -> doubles = new double[0];
            case DECIMAL -> decimals = new BigDecimal[0];
            case STRING -> strings = new String[0];
        }
    }

    public Storage storage() {
        return storage;
    }

    public int size() {
        return size;
    }

    /**
     * Makes room for {@code rows} rows and sets the size; {@link #hasNulls} becomes false. Existing values are left
     * as they are: the caller writes every row.
     */
    public void reset(int rows) {
        if (nulls.length < rows) {
            int capacity = Math.max(rows, nulls.length + (nulls.length >> 1));
            nulls = new boolean[capacity];
            switch (storage) {
                case BOOLEAN -> booleans = new boolean[capacity];
                case LONG -> longs = new long[capacity];
                case DOUBLE -> doubles = new double[capacity];
                case DECIMAL -> decimals = new BigDecimal[capacity];
                case STRING -> strings = new String[capacity];
            }
        }
        size = rows;
        hasNulls = false;
    }

    /** Resets to {@code rows} rows and marks the null flags as meaningful, all false. */
    public void resetWithNullFlags(int rows) {
        reset(rows);
        Arrays.fill(nulls, 0, rows, false);
    }

    /** Copies the null flags of {@code source} (same size), so that values can be computed over them. */
    public void copyNullsFrom(Column source, int rows) {
        if (source.hasNulls) {
            System.arraycopy(source.nulls, 0, nulls, 0, rows);
            hasNulls = true;
        } else {
            hasNulls = false;
        }
    }

    /** Sets this column's nulls to the union of the nulls of {@code left} and {@code right}. */
    public void unionNulls(Column left, Column right, int rows) {
        if (left.hasNulls && right.hasNulls) {
            boolean[] a = left.nulls;
            boolean[] b = right.nulls;
            for (int i = 0; i < rows; i++) {
                nulls[i] = a[i] | b[i];
            }
            hasNulls = true;
        } else if (left.hasNulls) {
            System.arraycopy(left.nulls, 0, nulls, 0, rows);
            hasNulls = true;
        } else if (right.hasNulls) {
            System.arraycopy(right.nulls, 0, nulls, 0, rows);
            hasNulls = true;
        } else {
            hasNulls = false;
        }
    }

    /** Whether row {@code row} is null (not for hot loops). */
    public boolean isNull(int row) {
        return hasNulls && nulls[row];
    }

    /** Marks row {@code row} null and clears its value, for rows computed one by one. */
    public void setNull(int row) {
        if (!hasNulls) {
            Arrays.fill(nulls, 0, size, false);
            hasNulls = true;
        }
        nulls[row] = true;
        clearValue(row);
    }

    /** Makes the null flags meaningful (all false) if they were not, before rows are marked one by one. */
    public void ensureNullFlags() {
        if (!hasNulls) {
            Arrays.fill(nulls, 0, size, false);
            hasNulls = true;
        }
    }

    /** Clears the values at null rows, keeping the invariant that a null row holds zero / false / null. */
    public void clearValuesAtNulls() {
        if (!hasNulls) {
            return;
        }
        for (int i = 0; i < size; i++) {
            if (nulls[i]) {
                clearValue(i);
            }
        }
    }

    private void clearValue(int row) {
        switch (storage) {
            case BOOLEAN -> booleans[row] = false;
            case LONG -> longs[row] = 0;
            case DOUBLE -> doubles[row] = 0;
            case DECIMAL -> decimals[row] = null;
            case STRING -> strings[row] = null;
        }
    }

    /** The value of a row as an object, for messages and tests (not for hot loops); null for a null row. */
    public Object valueAt(int row) {
        if (isNull(row)) {
            return null;
        }
        return switch (storage) {
            case BOOLEAN -> booleans[row];
            case LONG -> longs[row];
            case DOUBLE -> doubles[row];
            case DECIMAL -> decimals[row];
            case STRING -> strings[row];
        };
    }

    /**
     * Copies source row {@code j} to row {@code positions[j]} of this column for {@code j < count} (the result of
     * a branch evaluated over a subset of rows going back to its place). With {@code skipNulls}, null source rows
     * are left alone. This column's null flags must be meaningful ({@link #resetWithNullFlags}).
     */
    public void scatterFrom(Column source, int[] positions, int count, boolean skipNulls) {
        boolean sourceHasNulls = source.hasNulls;
        boolean[] sourceNulls = source.nulls;
        for (int j = 0; j < count; j++) {
            boolean isNull = sourceHasNulls && sourceNulls[j];
            if (!(skipNulls && isNull)) {
                nulls[positions[j]] = isNull;
            }
        }
        hasNulls = true;
        switch (storage) {
            case BOOLEAN -> {
                for (int j = 0; j < count; j++) {
                    if (!(skipNulls && sourceHasNulls && sourceNulls[j])) {
                        booleans[positions[j]] = source.booleans[j];
                    }
                }
            }
            case LONG -> {
                for (int j = 0; j < count; j++) {
                    if (!(skipNulls && sourceHasNulls && sourceNulls[j])) {
                        longs[positions[j]] = source.longs[j];
                    }
                }
            }
            case DOUBLE -> {
                for (int j = 0; j < count; j++) {
                    if (!(skipNulls && sourceHasNulls && sourceNulls[j])) {
                        doubles[positions[j]] = source.doubles[j];
                    }
                }
            }
            case DECIMAL -> {
                for (int j = 0; j < count; j++) {
                    if (!(skipNulls && sourceHasNulls && sourceNulls[j])) {
                        decimals[positions[j]] = source.decimals[j];
                    }
                }
            }
            case STRING -> {
                for (int j = 0; j < count; j++) {
                    if (!(skipNulls && sourceHasNulls && sourceNulls[j])) {
                        strings[positions[j]] = source.strings[j];
                    }
                }
            }
        }
    }
}
