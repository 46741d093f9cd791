package dev.sluice.planner.catalog;

/** A column of a {@link CatalogTable}: stored by the connector, or computed from the stored ones. */
public sealed interface Column permits PhysicalColumn, ComputedColumn {
    /** The name as declared in the DDL; names match case-insensitively. */
    String name();

    ColumnType type();

    boolean nullable();
}
