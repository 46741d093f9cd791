package dev.sluice.executor.expression;

/** Helpers for evaluating a child over a subset of the rows its parent was asked for. */
final class Rows {
    private Rows() {
    }

    /** Fills {@code positions[0..count)} with 0..count-1. */
    static void identity(int[] positions, int count) {
        for (int i = 0; i < count; i++) {
            positions[i] = i;
        }
    }

    /**
     * The batch rows of the parent rows at {@code positions}: what a child gets as its selection. {@code selection}
     * maps parent rows to batch rows (null: the identity).
     */
    static int[] batchRows(int[] selection, int[] positions, int count, int[] target) {
        if (selection == null) {
            System.arraycopy(positions, 0, target, 0, count);
        } else {
            for (int k = 0; k < count; k++) {
                target[k] = selection[positions[k]];
            }
        }
        return target;
    }
}
