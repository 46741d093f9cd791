package dev.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.sql.SqlCreateTable;
import dev.sluice.planner.sql.SqlSource;
import dev.sluice.planner.sql.SqlTableOption;
import dev.sluice.planner.validate.NameLookup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The tables and views a script defines, and the same as a Calcite schema for validation and conversion. Names
 * match case-insensitively and keep their declared spelling.
 *
 * <p>Built by {@link CatalogBuilder}; not changed afterwards.
 */
public final class Catalog {
    private final Map<String, CatalogTable> tables;
    private final Map<String, CatalogView> views;
    private final Map<String, SqlCreateTable> definitions;
    private final CalciteSchema schema;
    private final SqlSource source;

    Catalog(Map<String, CatalogTable> tables, Map<String, CatalogView> views,
            Map<String, SqlCreateTable> definitions, CalciteSchema schema, SqlSource source) {
        this.tables = new LinkedHashMap<>(tables);
        this.views = new LinkedHashMap<>(views);
        this.definitions = new LinkedHashMap<>(definitions);
        this.schema = requireNonNull(schema, "schema is null");
        this.source = requireNonNull(source, "source is null");
    }

    /** Tables in the order the script defines them. */
    public List<CatalogTable> tables() {
        return List.copyOf(tables.values());
    }

    /** Views in the order the script defines them. */
    public List<CatalogView> views() {
        return List.copyOf(views.values());
    }

    public Optional<CatalogTable> table(String name) {
        return Optional.ofNullable(tables.get(CatalogBuilder.key(name)));
    }

    public Optional<CatalogView> view(String name) {
        return Optional.ofNullable(views.get(CatalogBuilder.key(name)));
    }

    /** Every table and view as Calcite objects ({@link CalciteTable}, {@link CalciteView}); do not add to it. */
    public CalciteSchema calciteSchema() {
        return schema;
    }

    /** Table, view and column names, for suggestions in error messages. */
    public NameLookup names() {
        return names(tables, views);
    }

    /**
     * Asks {@code validator} whether the options of {@code tableName} suit {@code role}, and reports a problem at
     * the option it names (or at the table's name) in the table's DDL.
     *
     * @throws dev.sluice.planner.sql.SqlScriptException when the validator rejects the options
     */
    public void checkConnectorOptions(String tableName, TableRole role, ConnectorOptionsValidator validator) {
        CatalogTable table = table(tableName)
                .orElseThrow(() -> new IllegalArgumentException("no table named " + tableName));
        try {
            validator.validate(new ConnectorOptionsRequest(table.name(), table.connector(), table.options(),
                    table.physicalSchema(), role));
        } catch (InvalidConnectorOptionsException e) {
            SqlParserPos position = e.optionKey().flatMap(key -> optionPosition(table, key)).orElse(table.position());
            throw source.error(position, e.getMessage(), e);
        }
    }

    private Optional<SqlParserPos> optionPosition(CatalogTable table, String key) {
        SqlCreateTable ddl = definitions.get(CatalogBuilder.key(table.name()));
        for (SqlNode node : ddl.options()) {
            SqlTableOption option = (SqlTableOption) node;
            if (key.equals(option.keyText())) {
                return Optional.of(option.getParserPosition());
            }
        }
        return Optional.empty();
    }

    static NameLookup names(Map<String, CatalogTable> tables, Map<String, CatalogView> views) {
        return new NameLookup() {
            @Override
            public List<String> objectNames() {
                List<String> names = new ArrayList<>();
                tables.values().forEach(table -> names.add(table.name()));
                views.values().forEach(view -> names.add(view.name()));
                return List.copyOf(names);
            }

            @Override
            public Optional<List<String>> columnsOf(String objectName) {
                CatalogTable table = tables.get(CatalogBuilder.key(objectName));
                if (table != null) {
                    return Optional.of(table.columns().stream().map(Column::name).toList());
                }
                return Optional.ofNullable(views.get(CatalogBuilder.key(objectName))).map(CatalogView::columnNames);
            }
        };
    }
}
