package dev.sluice.planner;

import dev.sluice.planner.catalog.CatalogTable;
import dev.sluice.planner.catalog.ConnectorOptionsRequest;
import dev.sluice.planner.catalog.TableRole;
import dev.sluice.planner.plan.proto.Aggregate;
import dev.sluice.planner.plan.proto.OutputMode;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.planner.plan.proto.WindowSpec;
import dev.sluice.planner.sql.SqlScriptException;
import dev.sluice.planner.sql.SqlSource;
import java.util.Locale;
import java.util.Optional;

/**
 * Which output mode a query runs in, by Spark's rules (its {@code UnsupportedOperationChecker}):
 *
 * <ul>
 *   <li>append: each result row is written once, when it is final. A stateless query always is. An aggregation
 *       only when it groups by a window over a column with a WATERMARK: a window's row is final once the watermark
 *       passes the window's end. Without that a group is never final, so append would never write it;</li>
 *   <li>update: the rows whose result changed in the batch. Fine for any aggregation but a SESSION window (sessions
 *       merge as rows arrive, and a merged session's row cannot replace the rows written for the sessions it
 *       merged); a stateless query in update mode runs as append, as in Spark;</li>
 *   <li>complete: the whole result table every batch; it needs an aggregation (there is no result table
 *       otherwise).</li>
 * </ul>
 *
 * <p>Without {@code SET 'output-mode'}, a query runs in append mode when it allows it, else in update mode (a
 * GROUP BY without a window, or over a column without WATERMARK, runs in update mode instead of failing as it would
 * in Spark, whose default is append). A SESSION window without WATERMARK allows only complete, which is never chosen
 * silently: the error says to declare the WATERMARK or set complete. Finally the sink must accept the mode: update
 * and complete rewrite rows written before, which a sink that only adds files cannot do.
 */
final class OutputModes {
    private OutputModes() {
    }

    /**
     * The output mode of {@code plan} (translated, without an output mode yet).
     *
     * @throws SqlScriptException at the INSERT when the query does not allow the mode that is set (or, without a
     *     SET, any), at the INSERT's table when the sink cannot take it
     */
    static OutputMode choose(QueryPlan plan, SqlScript script, InsertStatement insert, CatalogTable sink) {
        SqlSource source = script.source();
        Optional<QuerySettings.Setting> setting = script.settings().get(QuerySettings.OUTPUT_MODE);
        Optional<OutputMode> requested = script.settings().outputMode();
        String fix = setting.map(set -> "change SET '" + QuerySettings.OUTPUT_MODE + "' = '" + set.value()
                + "' (line " + set.position().getLineNum() + ")").orElse("SET '" + QuerySettings.OUTPUT_MODE + "'");
        if (!plan.hasStateStage()) {
            if (requested.equals(Optional.of(OutputMode.COMPLETE))) {
                throw error(source, insert, "output mode complete needs an aggregation (GROUP BY or an aggregate"
                        + " function): it writes the whole result table every batch, and this INSERT keeps none;"
                        + " " + fix + " to append");
            }
            // Update is append for a query whose rows never change (Spark's rule).
            return OutputMode.APPEND;
        }
        Aggregate aggregate = plan.getStateStage().getAggregate();
        boolean session = aggregate.hasWindow() && aggregate.getWindow().getKind() == WindowSpec.Kind.SESSION;
        Optional<String> appendProblem = appendProblem(aggregate);
        OutputMode mode;
        if (requested.isPresent()) {
            mode = requested.get();
            if (mode == OutputMode.APPEND && appendProblem.isPresent()) {
                throw error(source, insert, "output mode append needs a window over a column with a WATERMARK:"
                        + " an aggregation writes a row once, when the watermark passes its window's end, and "
                        + appendProblem.get() + "; " + (session ? fix + " to complete, or declare a WATERMARK on"
                        + " the window's time column" : fix + " to update (or complete), or aggregate over a window"
                        + " of a WATERMARK column"));
            }
            if (mode == OutputMode.UPDATE && session) {
                throw error(source, insert, "output mode update is not supported for SESSION windows: sessions merge"
                        + " as rows arrive, and the row of a merged session cannot replace the rows written for the"
                        + " sessions it merged; " + fix + " to append (with a WATERMARK on the time column) or"
                        + " complete");
            }
        } else if (appendProblem.isEmpty()) {
            mode = OutputMode.APPEND;
        } else if (!session) {
            mode = OutputMode.UPDATE;
        } else {
            throw error(source, insert, "a SESSION window runs in append mode (which needs a WATERMARK on its time"
                    + " column) or complete mode (update is not supported for sessions), and " + appendProblem.get()
                    + "; declare a WATERMARK on the time column, or SET '" + QuerySettings.OUTPUT_MODE
                    + "' = 'complete'");
        }
        if (mode != OutputMode.APPEND && !acceptsUpdates(script, sink)) {
            String table = sink.name();
            throw source.error(insert.statement().getTargetTable().getParserPosition(), "table '" + table
                    + "' (connector '" + sink.connector() + "') cannot take output mode "
                    + mode.name().toLowerCase(Locale.ROOT) + ", where a row may replace one written before"
                    + (setting.isPresent() ? "" : " (the mode this aggregation runs in without a SET, since "
                            + appendProblem.orElse("it does not allow append") + ")")
                    + "; write to a sink that takes updates, or aggregate over a window of a WATERMARK column in"
                    + " output mode append");
        }
        return mode;
    }

    /** Why the aggregation cannot run in append mode, if it cannot. */
    private static Optional<String> appendProblem(Aggregate aggregate) {
        if (!aggregate.hasWindow()) {
            return Optional.of("this GROUP BY has no window");
        }
        if (aggregate.getEventTimeColumn() < 0) {
            String column = aggregate.getInputColumns(aggregate.getWindow().getTimeColumn()).getName();
            return Optional.of("the time column of " + aggregate.getWindow().getKind().name() + " (" + column
                    + ") is not the WATERMARK column of the table it comes from");
        }
        return Optional.empty();
    }

    private static boolean acceptsUpdates(SqlScript script, CatalogTable sink) {
        return script.connectorOptions().sinkAcceptsUpdates(new ConnectorOptionsRequest(sink.name(),
                sink.connector(), sink.options(), sink.physicalSchema(), TableRole.SINK));
    }

    private static SqlScriptException error(SqlSource source, InsertStatement insert, String problem) {
        return source.error(insert.statement().getParserPosition(), problem);
    }
}
