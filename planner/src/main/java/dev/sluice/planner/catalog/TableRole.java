package dev.sluice.planner.catalog;

/** How a statement uses a table: read from, or written to. A table may be both, in different statements. */
public enum TableRole { SOURCE, SINK }
