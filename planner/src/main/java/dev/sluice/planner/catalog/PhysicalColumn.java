package dev.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A column the connector reads or writes.
 *
 * @param nullable false when declared {@code NOT NULL}
 */
public record PhysicalColumn(String name, ColumnType type, boolean nullable) implements Column {
    public PhysicalColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column name is empty");
        }
    }
}
