package dev.sluice.planner;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.catalog.CatalogTable;
import dev.sluice.planner.catalog.TableRole;
import dev.sluice.planner.physical.SluiceSink;
import dev.sluice.planner.plan.ExpressionTranslator;
import dev.sluice.planner.plan.Fingerprints;
import dev.sluice.planner.plan.PlanTranslator;
import dev.sluice.planner.plan.SinkCasts;
import dev.sluice.planner.plan.UnsupportedInStreamingException;
import dev.sluice.planner.plan.proto.ColumnDefinition;
import dev.sluice.planner.plan.proto.Aggregate;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.OutputMode;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.planner.plan.proto.TableDefinition;
import dev.sluice.planner.rule.StreamingRules;
import dev.sluice.planner.sql.SluiceSqlParser;
import dev.sluice.planner.sql.SqlScriptException;
import dev.sluice.planner.sql.SqlSource;
import dev.sluice.planner.sql.Suggestions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Plans the INSERT of a script into the physical {@link QueryPlan} that executors run; the driver does this once
 * per query and binds the plan to each batch's offsets.
 *
 * <p>The steps: Calcite's logical plan ({@link SqlScript#rel}); the rules of {@link StreamingRules#LOGICAL} and
 * {@link StreamingRules#WINDOWS} (filter and projection push-down, constant folding, simplification, window
 * aggregations); explicit casts to the sink's column types ({@link SinkCasts}); the rules of
 * {@link StreamingRules#CALC} (one Calc per branch, and one after the aggregation); the rules of
 * {@link StreamingRules#PHYSICAL} (Sluice's physical nodes); translation of the physical nodes to protobuf
 * ({@link PlanTranslator}); the output mode ({@link OutputModes}) and the script's settings; the fingerprint
 * ({@link Fingerprints}).
 *
 * <pre>{@code
 * PlannedQuery query = QueryPlanner.plan(SqlScript.parse("job.sql", text));
 * }</pre>
 */
public final class QueryPlanner {
    private QueryPlanner() {
    }

    /**
     * Plans the script's one INSERT.
     *
     * @throws SqlScriptException when the script has no INSERT or several, or when the INSERT uses something
     *     streaming queries cannot run yet (located at the function in the script, when there is one)
     */
    public static PlannedQuery plan(SqlScript script) {
        requireNonNull(script, "script is null");
        List<InsertStatement> inserts = script.inserts();
        if (inserts.isEmpty()) {
            throw script.source().error(1, 1, "the script has no INSERT INTO statement, so there is no query to run;"
                    + " add INSERT INTO <table> SELECT ...", null);
        }
        if (inserts.size() > 1) {
            InsertStatement second = inserts.get(1);
            throw script.source().error(second.statement().getParserPosition(), "the script has " + inserts.size()
                    + " INSERT statements (lines " + inserts.stream().map(insert -> String.valueOf(insert.line()))
                    .collect(Collectors.joining(", ")) + "); a script runs one INSERT for now");
        }
        return plan(script, inserts.get(0));
    }

    /** Plans one INSERT of the script. */
    public static PlannedQuery plan(SqlScript script, InsertStatement insert) {
        requireNonNull(script, "script is null");
        requireNonNull(insert, "insert is null");
        try {
            SluiceSink optimized = optimize(script.rel(insert));
            ExpressionTranslator expressions = new ExpressionTranslator(optimized.getCluster().getRexBuilder());
            QueryPlan translated = new PlanTranslator(expressions, table -> eventTime(script, table))
                    .translate(optimized);
            CatalogTable sink = script.catalog().table(insert.sinkTable()).orElseThrow();
            QueryPlan withMode = withLateRowsSink(translated.toBuilder()
                    .setOutputMode(OutputModes.choose(translated, script, insert, sink))
                    .putAllSettings(script.settings().values())
                    .build(), script, insert);
            String fingerprint = Fingerprints.of(withMode);
            QueryPlan plan = withMode.toBuilder()
                    .setFingerprint(fingerprint)
                    .setDescription(description(script.source(), insert))
                    .build();
            return new PlannedQuery(plan, explain(plan, optimized), fingerprint);
        } catch (UnsupportedInStreamingException e) {
            throw locate(script, insert, e);
        }
    }

    /**
     * The table SET 'late-rows.table' names, checked: a table of the script other than the query's own, whose
     * columns are those of every source with a WATERMARK, for a query whose stateful operator drops late rows.
     */
    private static QueryPlan withLateRowsSink(QueryPlan plan, SqlScript script, InsertStatement insert) {
        Optional<QuerySettings.Setting> setting = script.settings().get(QuerySettings.LATE_ROWS_TABLE);
        if (setting.isEmpty()) {
            return plan;
        }
        String name = setting.get().value();
        SqlParserPos at = setting.get().position();
        CatalogTable table = script.catalog().table(name).orElseThrow(() -> script.source().error(at,
                "'" + QuerySettings.LATE_ROWS_TABLE + "' names table '" + name + "', which the script does not"
                        + " create" + Suggestions.didYouMean(name, script.catalog().tables().stream()
                                .map(CatalogTable::name).toList())
                        + "; create it (CREATE TABLE ... WITH (...)) with the source's columns", null));
        if (!plan.hasStateStage() || plan.getStateStage().getAggregate().getEventTimeColumn() < 0) {
            throw script.source().error(at, "this query drops no late rows, so '" + QuerySettings.LATE_ROWS_TABLE
                    + "' has nothing to keep: late rows exist for a windowed aggregation over a column with a"
                    + " WATERMARK; remove the setting", null);
        }
        if (table.name().equalsIgnoreCase(plan.getSink().getName()) || plan.getSourcesList().stream()
                .anyMatch(source -> source.getName().equalsIgnoreCase(table.name()))) {
            throw script.source().error(at, "the late rows cannot go to " + table.name() + ", which the query"
                    + " already reads or writes; create a table of its own for them", null);
        }
        TableDefinition late = PlanTranslator.tableDefinition(table);
        for (TableDefinition source : plan.getSourcesList()) {
            if (source.hasWatermark() && !sameColumnTypes(source, late)) {
                throw script.source().error(at, "the late rows of " + source.getName() + " have its columns ("
                        + columnList(source) + "), but " + table.name() + " has (" + columnList(late)
                        + "); declare " + table.name() + " with the same column types in the same order", null);
            }
        }
        script.catalog().checkConnectorOptions(table.name(), TableRole.SINK, script.connectorOptions());
        return plan.toBuilder().setLateRowsSink(late).build();
    }

    private static boolean sameColumnTypes(TableDefinition left, TableDefinition right) {
        if (left.getColumnsCount() != right.getColumnsCount()) {
            return false;
        }
        for (int index = 0; index < left.getColumnsCount(); index++) {
            DataType a = left.getColumns(index).getType();
            DataType b = right.getColumns(index).getType();
            if (a.getKind() != b.getKind() || a.getPrecision() != b.getPrecision() || a.getScale() != b.getScale()
                    || a.getNullable() && !b.getNullable()) {
                return false;
            }
        }
        return true;
    }

    private static String columnList(TableDefinition table) {
        return table.getColumnsList().stream().map(column -> column.getName() + " " + describe(column.getType()))
                .collect(Collectors.joining(", "));
    }

    private static SluiceSink optimize(RelNode rel) {
        RelNode logical = StreamingRules.optimizeLogical(rel);
        if (!(logical instanceof TableModify modify)) {
            throw new IllegalStateException("the plan of an INSERT is not a TableModify: " + RelOptUtil.toString(rel));
        }
        RelNode physical = StreamingRules.toPhysical(StreamingRules.toCalcs(SinkCasts.apply(modify)));
        if (!(physical instanceof SluiceSink sink)) {
            throw new IllegalStateException("the plan of an INSERT has no sink: " + RelOptUtil.toString(physical));
        }
        return sink;
    }

    /** The event time of a table's rows over its physical columns: what {@code SELECT column FROM table} plans to. */
    private static RexNode eventTime(SqlScript script, CatalogTable table) {
        String column = table.watermark().orElseThrow().column();
        RelNode rel = StreamingRules.toCalcs(StreamingRules.optimizeLogical(
                script.relOfTrustedQuery("SELECT " + quote(column) + " FROM " + quote(table.name()))));
        if (rel instanceof Calc calc && calc.getInput() instanceof TableScan) {
            return calc.getProgram().expandLocalRef(calc.getProgram().getProjectList().get(0));
        }
        if (rel instanceof TableScan scan) {
            // Only a table with the one column is read as it is.
            return scan.getCluster().getRexBuilder().makeInputRef(scan, 0);
        }
        throw new IllegalStateException("the event time of " + table.name() + " did not plan to a projection of its"
                + " scan: " + RelOptUtil.toString(rel));
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static String description(SqlSource source, InsertStatement insert) {
        return source.span(insert.statement().getParserPosition())
                .orElseGet(() -> SluiceSqlParser.unparse(insert.statement()));
    }

    /**
     * The tables with everything about them that decides results, then the optimised plan, then (for a stateful
     * query) the stateful operator's event time and the output mode, and the settings. The tables come first
     * because a change there (an option, a column type) does not show in Calcite's plan text.
     */
    private static String explain(QueryPlan plan, RelNode optimized) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < plan.getSourcesCount(); i++) {
            text.append("source ").append(i).append(": ").append(describe(plan.getSources(i))).append('\n');
        }
        text.append("sink: ").append(describe(plan.getSink())).append('\n');
        text.append(RelOptUtil.toString(optimized));
        if (plan.hasStateStage()) {
            Aggregate aggregate = plan.getStateStage().getAggregate();
            text.append("state: ").append(aggregate.getOperatorId()).append(", event time ")
                    .append(aggregate.getEventTimeColumn() < 0 ? "none" : "$" + aggregate.getEventTimeColumn())
                    .append(", output mode ").append(describe(plan.getOutputMode())).append('\n');
        }
        if (plan.getSettingsCount() > 0) {
            text.append("settings: ").append(plan.getSettingsMap().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(setting -> "'" + setting.getKey() + "' = '" + setting.getValue() + "'")
                    .collect(Collectors.joining(", "))).append('\n');
        }
        return text.toString();
    }

    private static String describe(OutputMode mode) {
        return switch (mode) {
            case APPEND -> "append";
            case UPDATE -> "update";
            case COMPLETE -> "complete";
            case OUTPUT_MODE_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalStateException("no output mode: " + mode);
        };
    }

    private static String describe(TableDefinition table) {
        StringBuilder text = new StringBuilder(table.getName()).append('(');
        for (int i = 0; i < table.getColumnsCount(); i++) {
            ColumnDefinition column = table.getColumns(i);
            text.append(i == 0 ? "" : ", ").append(column.getName()).append(' ').append(describe(column.getType()));
        }
        text.append(')');
        if (table.hasWatermark()) {
            text.append(" WATERMARK FOR ").append(table.getWatermark().getColumnName()).append(" DELAY ")
                    .append(table.getWatermark().getDelayMs()).append(" ms");
        }
        text.append(" WITH (");
        // Sorted, like the fingerprint, so that reordering options in the DDL is no change.
        text.append(table.getOptionsMap().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(option -> "'" + option.getKey() + "' = '" + option.getValue() + "'")
                .collect(Collectors.joining(", ")));
        return text.append(')').toString();
    }

    private static String describe(DataType type) {
        String kind = type.getKind() == DataType.Kind.DECIMAL
                ? "DECIMAL(" + type.getPrecision() + ", " + type.getScale() + ")" : type.getKind().name();
        return type.getNullable() ? kind : kind + " NOT NULL";
    }

    /**
     * The error at the function or clause in the INSERT (or in a view or computed column it reads), else at the
     * INSERT. Of several names, the first found in the INSERT wins, then the first found in the other statements.
     */
    private static SqlScriptException locate(SqlScript script, InsertStatement insert,
            UnsupportedInStreamingException e) {
        Optional<SqlParserPos> found = Optional.empty();
        for (String name : e.locationNames()) {
            found = found.or(() -> findCall(insert.statement(), name));
        }
        for (SqlNode statement : script.statements()) {
            for (String name : e.locationNames()) {
                found = found.or(() -> findCall(statement, name));
            }
        }
        return script.source().error(found.orElse(insert.statement().getParserPosition()), e.getMessage(), e);
    }

    private static Optional<SqlParserPos> findCall(SqlNode node, String operatorName) {
        SqlParserPos[] found = new SqlParserPos[1];
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (found[0] == null && call.getOperator().getName().equalsIgnoreCase(operatorName)
                        && call.getParserPosition().getLineNum() > 0) {
                    found[0] = call.getParserPosition();
                }
                return super.visit(call);
            }

            @Override
            public Void visit(SqlIdentifier identifier) {
                // Functions without parentheses, such as CURRENT_TIMESTAMP, parse as identifiers.
                if (found[0] == null && identifier.isSimple() && identifier.getSimple().equalsIgnoreCase(operatorName)
                        && identifier.getParserPosition().getLineNum() > 0) {
                    found[0] = identifier.getParserPosition();
                }
                return null;
            }
        });
        return Optional.ofNullable(found[0]);
    }
}
