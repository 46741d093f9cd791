package dev.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A view from {@code CREATE VIEW}: a named, validated query, expanded wherever it is read.
 *
 * @param name the name as declared
 * @param columnNames the view's column names: the DDL's column list, or else the query's own names
 * @param querySql the query as SQL text that the Sluice parser reads back
 * @param position where the view's name is in the script
 */
public record CatalogView(String name, List<String> columnNames, String querySql, SqlParserPos position) {
    public CatalogView {
        requireNonNull(name, "name is null");
        columnNames = List.copyOf(requireNonNull(columnNames, "columnNames is null"));
        requireNonNull(querySql, "querySql is null");
        requireNonNull(position, "position is null");
    }
}
