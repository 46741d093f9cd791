package dev.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.sql.SluiceSqlParser;
import org.apache.calcite.sql.SqlNode;

/**
 * {@code name AS expression}: computed from the table's physical columns whenever the table is read. Connectors
 * never see it; a sink table's computed columns are not written.
 *
 * @param type the validated type of the expression
 * @param nullable whether the expression can be NULL
 * @param expression the validated expression, as parsed but with every column name spelt as declared (so
 *     {@code MOD(I, 10)} over column {@code i} reads {@code MOD(i, 10)}); never mutated: validate a copy
 *     ({@link dev.sluice.planner.sql.SqlNodes#deepCopy})
 */
public record ComputedColumn(String name, ColumnType type, boolean nullable, SqlNode expression) implements Column {
    public ComputedColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(expression, "expression is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column name is empty");
        }
    }

    /** The expression as SQL text that the Sluice parser reads back. */
    public String expressionSql() {
        return SluiceSqlParser.unparse(expression);
    }
}
