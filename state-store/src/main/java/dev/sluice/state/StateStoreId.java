package dev.sluice.state;

import static java.util.Objects.requireNonNull;

/**
 * Names one state store: the state of one stateful operator in one state partition. The operator id is used as a
 * directory name, locally and in the checkpoint ({@code state/<operator>/<partition>/}), so it is restricted to
 * letters, digits, '-', '_' and '.'.
 */
public record StateStoreId(String operator, int partition) {
    public StateStoreId {
        requireNonNull(operator, "operator is null");
        if (!operator.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
            throw new IllegalArgumentException("operator id must be 1 to 128 letters, digits, '_', '-' or '.',"
                    + " not starting with '.' or '-': '" + operator + "'");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative: " + partition);
        }
    }

    /** The directory of this store's files, relative to the checkpoint root. */
    public String checkpointDirectory() {
        return "state/" + operator + "/" + partition;
    }

    @Override
    public String toString() {
        return "operator " + operator + ", partition " + partition;
    }
}
