package dev.sluice.planner;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.catalog.Catalog;
import dev.sluice.planner.catalog.CatalogBuilder;
import dev.sluice.planner.catalog.CatalogTable;
import dev.sluice.planner.catalog.ConnectorOptionsValidator;
import dev.sluice.planner.catalog.TableRole;
import dev.sluice.planner.sql.SluiceSqlParser;
import dev.sluice.planner.sql.SqlCreateTable;
import dev.sluice.planner.sql.SqlCreateView;
import dev.sluice.planner.sql.SqlScriptException;
import dev.sluice.planner.sql.SqlSetting;
import dev.sluice.planner.sql.SqlSource;
import dev.sluice.planner.sql.Suggestions;
import dev.sluice.planner.validate.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSetOption;

/**
 * A parsed and validated SQL script: the front door of the planner.
 *
 * <p>A script is a list of statements separated by {@code ;}: {@code CREATE TABLE}, {@code CREATE VIEW},
 * {@code SET 'key' = 'value'} (before the INSERT; see {@link QuerySettings}) and
 * {@code INSERT INTO table SELECT ...}, checked in order (each sees what was defined before it). Every problem is a
 * {@link SqlScriptException} naming the file, line and column.
 *
 * <pre>{@code
 * SqlScript script = SqlScript.parse("job.sql", text);
 * for (InsertStatement insert : script.inserts()) {
 *     RelNode plan = script.rel(insert);   // Calcite's logical plan: TableModify over the query
 * }
 * }</pre>
 */
public final class SqlScript {
    private final SqlSource source;
    private final List<SqlNode> statements;
    private final Catalog catalog;
    private final List<InsertStatement> inserts;
    private final Validation validation;
    private final QuerySettings settings;
    private final ConnectorOptionsValidator connectorOptions;

    private SqlScript(SqlSource source, List<SqlNode> statements, Catalog catalog, List<InsertStatement> inserts,
            Validation validation, QuerySettings settings, ConnectorOptionsValidator connectorOptions) {
        this.source = source;
        this.statements = List.copyOf(statements);
        this.catalog = catalog;
        this.inserts = List.copyOf(inserts);
        this.validation = validation;
        this.settings = settings;
        this.connectorOptions = connectorOptions;
    }

    /** Parses and validates a script without checking connector options. */
    public static SqlScript parse(String fileName, String text) {
        return parse(fileName, text, ConnectorOptionsValidator.ACCEPT_ALL);
    }

    /**
     * Parses and validates a script, then asks {@code connectorOptions} about each table in each role the INSERT
     * statements give it (read: source; written: sink). Tables no statement uses are not checked.
     *
     * @param fileName the name errors are reported under
     * @throws SqlScriptException for the first problem found
     */
    public static SqlScript parse(String fileName, String text, ConnectorOptionsValidator connectorOptions) {
        requireNonNull(connectorOptions, "connectorOptions is null");
        SqlSource source = new SqlSource(fileName, text);
        Validation validation = new Validation();
        List<SqlNode> statements = SluiceSqlParser.parseScript(source);
        CatalogBuilder builder = new CatalogBuilder(source, validation);
        List<InsertStatement> inserts = new ArrayList<>();
        List<SqlSetting> settings = new ArrayList<>();
        for (SqlNode statement : statements) {
            if (statement instanceof SqlCreateTable table) {
                builder.addTable(table);
            } else if (statement instanceof SqlCreateView view) {
                builder.addView(view);
            } else if (statement instanceof SqlSetting setting) {
                if (!inserts.isEmpty()) {
                    throw source.error(setting.getParserPosition(), "SET after the INSERT (line "
                            + inserts.get(0).line() + ") does not apply to it; move the SET before the INSERT");
                }
                QuerySettings.check(setting, source);
                settings.add(setting);
            } else if (statement instanceof SqlInsert insert && insert.getKind() == SqlKind.INSERT) {
                inserts.add(validateInsert(insert, builder, validation, source));
            } else {
                throw unsupported(statement, source);
            }
        }
        QuerySettings querySettings = QuerySettings.of(settings, source);
        Catalog catalog = builder.build();
        checkConnectorOptions(catalog, inserts, connectorOptions);
        return new SqlScript(source, statements, catalog, inserts, validation, querySettings, connectorOptions);
    }

    public String fileName() {
        return source.fileName();
    }

    public SqlSource source() {
        return source;
    }

    /** The statements as parsed, in script order; validation works on copies, so these stay as written. */
    public List<SqlNode> statements() {
        return statements;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The INSERT statements in script order. */
    public List<InsertStatement> inserts() {
        return inserts;
    }

    /** The checked {@code SET} statements. */
    public QuerySettings settings() {
        return settings;
    }

    /** What the script was parsed with to check connector options; the planner asks it about the sink too. */
    public ConnectorOptionsValidator connectorOptions() {
        return connectorOptions;
    }

    /**
     * Calcite's logical plan of an INSERT: a {@code LogicalTableModify} of the sink table over the query, views
     * expanded and computed columns projected over the scans of physical columns. Each call converts anew, into
     * a new cluster, so callers may rewrite the result.
     */
    public RelNode rel(InsertStatement insert) {
        requireNonNull(insert, "insert is null");
        if (!inserts.contains(insert)) {
            throw new IllegalArgumentException("not an INSERT of " + source.fileName() + ": " + insert);
        }
        return new LogicalPlanner(validation, catalog.calciteSchema(), source, catalog.names())
                .convert(insert.statement()).rel;
    }

    /**
     * Calcite's logical plan of a query this module wrote itself over the script's catalog (such as
     * {@code SELECT `ts` FROM `bid`}, to learn a computed column's expression); like {@link #rel}, in a new cluster.
     */
    RelNode relOfTrustedQuery(String sql) {
        return new LogicalPlanner(validation, catalog.calciteSchema(), source, catalog.names())
                .convert(SluiceSqlParser.parseTrusted(sql)).rel;
    }

    private static InsertStatement validateInsert(SqlInsert insert, CatalogBuilder builder, Validation validation,
            SqlSource source) {
        SqlNode target = insert.getTargetTable();
        if (!(target instanceof SqlIdentifier identifier) || !identifier.isSimple()) {
            throw source.error(target.getParserPosition(), "INSERT INTO takes the plain name of a table");
        }
        String name = identifier.getSimple();
        if (builder.view(name).isPresent()) {
            throw source.error(target.getParserPosition(), "cannot INSERT INTO view '" + builder.view(name).get().name()
                    + "'; a view is read-only: insert into a table");
        }
        CatalogTable sink = builder.table(name).orElseThrow(() -> source.error(target.getParserPosition(),
                "unknown table '" + name + "'" + Suggestions.didYouMean(name, builder.names().objectNames())));
        LogicalPlanner planner = new LogicalPlanner(validation, builder.calciteSchema(), source, builder.names());
        RelNode rel = planner.convert(insert).rel;
        Set<String> sources = new LinkedHashSet<>();
        for (RelOptTable table : RelOptUtil.findAllTables(rel)) {
            CatalogTable read = table.unwrap(CatalogTable.class);
            if (read != null) {
                sources.add(read.name());
            }
        }
        return new InsertStatement(insert, sink.name(), new ArrayList<>(sources));
    }

    private static void checkConnectorOptions(Catalog catalog, List<InsertStatement> inserts,
            ConnectorOptionsValidator connectorOptions) {
        Map<String, Set<TableRole>> roles = new LinkedHashMap<>();
        for (InsertStatement insert : inserts) {
            for (String table : insert.sourceTables()) {
                roles.computeIfAbsent(table, name -> new LinkedHashSet<>()).add(TableRole.SOURCE);
            }
            roles.computeIfAbsent(insert.sinkTable(), name -> new LinkedHashSet<>()).add(TableRole.SINK);
        }
        roles.forEach((table, tableRoles) -> {
            for (TableRole role : tableRoles) {
                catalog.checkConnectorOptions(table, role, connectorOptions);
            }
        });
    }

    private static SqlScriptException unsupported(SqlNode statement, SqlSource source) {
        String problem = switch (statement.getKind()) {
            case SELECT, UNION, INTERSECT, EXCEPT, ORDER_BY, WITH, VALUES ->
                    "a query on its own has nowhere to write its rows; use INSERT INTO <table> SELECT ...";
            case INSERT -> "UPSERT is not supported; use INSERT INTO";
            default -> statement instanceof SqlSetOption
                    ? "SET takes a quoted key and value, such as SET 'output-mode' = 'update'"
                    : "this statement is not supported; a script holds CREATE TABLE, CREATE VIEW, SET and"
                            + " INSERT INTO statements";
        };
        return source.error(statement.getParserPosition(), problem);
    }
}
