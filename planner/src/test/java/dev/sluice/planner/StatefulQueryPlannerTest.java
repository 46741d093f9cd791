package dev.sluice.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.planner.catalog.ConnectorOptionsRequest;
import dev.sluice.planner.catalog.ConnectorOptionsValidator;
import dev.sluice.planner.catalog.TableRole;
import dev.sluice.planner.plan.proto.Aggregate;
import dev.sluice.planner.plan.proto.AggregateCall;
import dev.sluice.planner.plan.proto.Calc;
import dev.sluice.planner.plan.proto.Call;
import dev.sluice.planner.plan.proto.ColumnDefinition;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.Expression;
import dev.sluice.planner.plan.proto.OutputMode;
import dev.sluice.planner.plan.proto.Pipeline;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.planner.plan.proto.WindowSpec;
import dev.sluice.planner.sql.SqlScriptException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stateful queries through the real parser, validator, rules and translator: window aggregations, GROUP BY, their
 * state stage, the output mode rules, and every refusal with its location.
 */
class StatefulQueryPlannerTest {
    private static final String TABLES = QueryPlanTest.TABLES + """
            CREATE TABLE counts (k BIGINT, c BIGINT) WITH ('connector' = 'blackhole');
            CREATE TABLE window_counts (window_start TIMESTAMP(3), window_end TIMESTAMP(3), k BIGINT, c BIGINT)
              WITH ('connector' = 'blackhole');
            CREATE TABLE window_files (window_start TIMESTAMP(3), window_end TIMESTAMP(3), k BIGINT, c BIGINT)
              WITH ('connector' = 'filesystem', 'path' = '/data/out', 'format' = 'csv');
            """;
    private static final int TABLES_LINES = (int) TABLES.lines().count();

    /**
     * Connector checks as the engine answers them for the built-in connectors: every option is fine here, and the
     * filesystem sink, which only adds files, takes no updates.
     */
    private static final ConnectorOptionsValidator FILESYSTEM_TAKES_NO_UPDATES = new ConnectorOptionsValidator() {
        @Override
        public void validate(ConnectorOptionsRequest request) {
        }

        @Override
        public boolean sinkAcceptsUpdates(ConnectorOptionsRequest request) {
            assertEquals(TableRole.SINK, request.role());
            return !request.connector().equals("filesystem");
        }
    };

    private static PlannedQuery plan(String statements) {
        return QueryPlanner.plan(SqlScript.parse("job.sql", TABLES + statements, FILESYSTEM_TAKES_NO_UPDATES));
    }

    /** The error for statements that start on the line after {@link #TABLES}. */
    private static void assertError(String statements, int line, int column, String problem) {
        SqlScriptException error = assertThrows(SqlScriptException.class, () -> plan(statements));
        assertEquals("job.sql:" + (TABLES_LINES + line) + ":" + column + ": " + problem, error.getMessage());
    }

    private static List<AggregateCall.Function> functions(Aggregate aggregate) {
        return aggregate.getCallsList().stream().map(AggregateCall::getFunction).toList();
    }

    private static List<String> names(List<ColumnDefinition> columns) {
        return columns.stream().map(ColumnDefinition::getName).toList();
    }

    private static final String LATE_BIDS = """
            CREATE TABLE late_bids (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
              seconds INT, extra VARCHAR) WITH ('connector' = 'blackhole');
            """;
    private static final String WINDOW_COUNTS = """
            INSERT INTO window_counts
            SELECT window_start, window_end, bidder, COUNT(*)
            FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
            GROUP BY window_start, window_end, bidder""";

    @Test
    void lateRowsGoToTheTableTheSettingNames() {
        QueryPlan plan = plan(LATE_BIDS + "SET 'late-rows.table' = 'late_bids';\n" + WINDOW_COUNTS).plan();
        assertEquals("late_bids", plan.getLateRowsSink().getName());
        assertEquals("blackhole", plan.getLateRowsSink().getConnector());
        assertEquals(7, plan.getLateRowsSink().getColumnsCount());
        assertEquals("late_bids", plan.getSettingsMap().get("late-rows.table"));
    }

    @Test
    void lateRowsTableMustExistMatchTheSourceAndServeAWindowedAggregation() {
        assertError(LATE_BIDS + "SET 'late-rows.table' = 'late_bid';\n" + WINDOW_COUNTS, 3, 1,
                "'late-rows.table' names table 'late_bid', which the script does not create (did you mean"
                        + " 'late_bids'?); create it (CREATE TABLE ... WITH (...)) with the source's columns");
        assertError("SET 'late-rows.table' = 'counts';\n" + WINDOW_COUNTS, 1, 1,
                "the late rows of bid have its columns (auction BIGINT NOT NULL, bidder BIGINT, price BIGINT,"
                        + " channel VARCHAR, url VARCHAR, seconds INT, extra VARCHAR), but counts has (k BIGINT,"
                        + " c BIGINT); declare counts with the same column types in the same order");
        assertError(LATE_BIDS + "SET 'late-rows.table' = 'late_bids';\n"
                + "INSERT INTO counts SELECT bidder, COUNT(*) FROM bid GROUP BY bidder", 3, 1,
                "this query drops no late rows, so 'late-rows.table' has nothing to keep: late rows exist for a"
                        + " windowed aggregation over a column with a WATERMARK; remove the setting");
    }

    @Test
    void tumbleAggregationRunsInAScanStageAndAStateStage() {
        QueryPlan plan = plan("""
                INSERT INTO window_counts
                SELECT window_start, window_end, bidder, COUNT(*)
                FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                GROUP BY window_start, window_end, bidder""").plan();

        Aggregate aggregate = plan.getStateStage().getAggregate();
        assertEquals("aggregate-0", aggregate.getOperatorId());
        assertEquals(WindowSpec.newBuilder().setKind(WindowSpec.Kind.TUMBLE).setTimeColumn(0).setSizeMs(10_000)
                .build(), aggregate.getWindow());
        assertEquals(List.of("dateTime", "bidder"), names(aggregate.getInputColumnsList()));
        assertEquals(List.of(1), aggregate.getGroupKeysList());
        assertEquals(AggregateCall.newBuilder().setFunction(AggregateCall.Function.COUNT_STAR).setArgument(-1)
                .setType(DataType.newBuilder().setKind(DataType.Kind.BIGINT)).setName("EXPR$3").setFilterColumn(-1)
                .build(), aggregate.getCalls(0));
        // dateTime is bid's WATERMARK column, computed from `seconds`: the pipeline computes it the same way.
        assertEquals(0, aggregate.getEventTimeColumn());

        Pipeline pipeline = plan.getPipelines(0);
        assertEquals(aggregate.getInputColumnsList(), pipeline.getOutputColumnsList());
        assertEquals(plan.getSources(0).getWatermark().getEventTime(),
                pipeline.getOperators(0).getCalc().getProjections(0));
        assertEquals(plan.getSink().getColumnsList(), plan.getStateStage().getOutputColumnsList());
        Calc stateCalc = plan.getStateStage().getOperators(0).getCalc();
        // Aggregate output: window_start, window_end, window_time, bidder, count.
        assertEquals(List.of(0, 1, 3, 4),
                stateCalc.getProjectionsList().stream().map(Expression::getInputRef).toList());
        assertEquals(OutputMode.APPEND, plan.getOutputMode());
        assertEquals(Map.of(), plan.getSettingsMap());
    }

    @Test
    void windowArgumentsFollowFlinksOrder() {
        String insert = """
                INSERT INTO window_counts
                SELECT window_start, window_end, bidder, COUNT(*)
                FROM TABLE(%s)
                GROUP BY window_start, window_end, bidder""";

        assertEquals(WindowSpec.newBuilder().setKind(WindowSpec.Kind.TUMBLE).setSizeMs(60_000).setOffsetMs(5_000)
                .build(), plan(insert.formatted("TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' MINUTE,"
                + " INTERVAL '5' SECOND)")).plan().getStateStage().getAggregate().getWindow());
        WindowSpec hop = WindowSpec.newBuilder().setKind(WindowSpec.Kind.HOP).setSlideMs(10_000).setSizeMs(60_000)
                .setOffsetMs(1_000).build();
        assertEquals(hop, plan(insert.formatted("HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND,"
                + " INTERVAL '1' MINUTE, INTERVAL '1' SECOND)")).plan().getStateStage().getAggregate().getWindow());
        // Named arguments in any order (OFFSET is a reserved word, so it can only be given by position).
        assertEquals(hop.toBuilder().setOffsetMs(0).build(), plan(insert.formatted("HOP(DATA => TABLE bid,"
                + " TIMECOL => DESCRIPTOR(dateTime), SIZE => INTERVAL '1' MINUTE, SLIDE => INTERVAL '10' SECOND)"))
                .plan().getStateStage().getAggregate().getWindow());
        assertEquals(WindowSpec.newBuilder().setKind(WindowSpec.Kind.CUMULATE).setSlideMs(10_000)
                .setSizeMs(60_000).build(), plan(insert.formatted("CUMULATE(TABLE bid, DESCRIPTOR(dateTime),"
                + " INTERVAL '10' SECOND, INTERVAL '1' MINUTE)")).plan().getStateStage().getAggregate().getWindow());
        assertEquals(WindowSpec.newBuilder().setKind(WindowSpec.Kind.SESSION).setGapMs(30_000).build(),
                plan(insert.formatted("SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(dateTime),"
                        + " INTERVAL '30' SECOND)")).plan().getStateStage().getAggregate().getWindow());
    }

    @Test
    void sessionKeysAreTheGroupKeysWithOrWithoutPartitionBy() {
        String insert = """
                INSERT INTO window_counts
                SELECT window_start, window_end, bidder, COUNT(*)
                FROM TABLE(%s)
                GROUP BY window_start, window_end, bidder""";
        List<Aggregate> aggregates = new ArrayList<>();
        for (String session : List.of(
                "SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(dateTime), INTERVAL '30' SECOND)",
                "SESSION(TABLE bid, DESCRIPTOR(dateTime), DESCRIPTOR(bidder), INTERVAL '30' SECOND)",
                "SESSION(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '30' SECOND)")) {
            aggregates.add(plan(insert.formatted(session)).plan().getStateStage().getAggregate());
        }

        assertEquals(List.of(1), aggregates.get(0).getGroupKeysList());
        assertEquals("bidder", aggregates.get(0).getInputColumns(1).getName());
        assertEquals(aggregates.get(0), aggregates.get(1));
        assertEquals(aggregates.get(0), aggregates.get(2));
        assertError("""
                INSERT INTO window_counts
                SELECT window_start, window_end, auction, COUNT(*)
                FROM TABLE(SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(dateTime), INTERVAL '30' SECOND))
                GROUP BY window_start, window_end, auction""",
                3, 12, "SESSION's PARTITION BY column 'bidder' must also be in GROUP BY: sessions are per group key");
    }

    @Test
    void windowTimeIsAColumnOfTheAggregation() {
        QueryPlan plan = plan("""
                CREATE TABLE with_time (window_time TIMESTAMP(3), c BIGINT) WITH ('connector' = 'blackhole');
                INSERT INTO with_time
                SELECT window_time, COUNT(*)
                FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
                GROUP BY window_start, window_end, window_time""").plan();

        Calc stateCalc = plan.getStateStage().getOperators(0).getCalc();
        assertEquals(2, stateCalc.getProjections(0).getInputRef());
        assertEquals(List.of(), plan.getStateStage().getAggregate().getGroupKeysList());
    }

    @Test
    void theInputOfAWindowFunctionMayBeAViewOrASubQuery() {
        String sum = """
                INSERT INTO window_counts
                SELECT window_start, window_end, bidder, SUM(price)
                FROM TABLE(TUMBLE(%s, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                WHERE bidder > 0
                GROUP BY window_start, window_end, bidder""";
        QueryPlan subQuery = plan(sum.formatted("(SELECT bidder, price, dateTime FROM bid WHERE price > 10)")).plan();
        QueryPlan view = plan("CREATE VIEW big_bids AS SELECT bidder, price, dateTime FROM bid WHERE price > 10;\n"
                + sum.formatted("TABLE big_bids")).plan();

        Calc calc = subQuery.getPipelines(0).getOperators(0).getCalc();
        assertEquals(Call.Function.AND, calc.getCondition().getCall().getFunction(), calc.toString());
        assertEquals(List.of("dateTime", "bidder", "price"), calc.getOutputNamesList());
        assertEquals(subQuery.getPipelinesList(), view.getPipelinesList());
        assertEquals(subQuery.getStateStage(), view.getStateStage());
        assertEquals(0, view.getStateStage().getAggregate().getEventTimeColumn());
    }

    @Test
    void groupByWithoutWindowRunsInUpdateMode() {
        QueryPlan plan = plan("""
                INSERT INTO counts
                SELECT bidder, COUNT(*) FROM bid GROUP BY bidder""").plan();

        Aggregate aggregate = plan.getStateStage().getAggregate();
        assertFalse(aggregate.hasWindow());
        assertEquals(-1, aggregate.getEventTimeColumn());
        assertEquals(List.of(0), aggregate.getGroupKeysList());
        assertEquals(List.of(AggregateCall.Function.COUNT_STAR), functions(aggregate));
        assertEquals(OutputMode.UPDATE, plan.getOutputMode());
        // The aggregation's output is the sink's columns as they are: no operator after it.
        assertEquals(0, plan.getStateStage().getOperatorsCount());
    }

    @Test
    void aggregateWithoutGroupByIsOneGroup() {
        QueryPlan plan = plan("""
                INSERT INTO counts
                SELECT 1, COUNT(*) FROM bid""").plan();

        Aggregate aggregate = plan.getStateStage().getAggregate();
        assertEquals(List.of(), aggregate.getGroupKeysList());
        assertEquals(OutputMode.UPDATE, plan.getOutputMode());
        Calc stateCalc = plan.getStateStage().getOperators(0).getCalc();
        assertEquals(1, stateCalc.getProjections(0).getLiteral().getLongValue());
        assertEquals(0, stateCalc.getProjections(1).getInputRef());
    }

    @Test
    void havingExpressionsAndSinkCastsRunAfterTheAggregation() {
        QueryPlan plan = plan("""
                INSERT INTO counts
                SELECT id, SUM(score) * 2 FROM person GROUP BY id HAVING COUNT(*) > 1""").plan();

        Aggregate aggregate = plan.getStateStage().getAggregate();
        assertEquals(List.of(AggregateCall.Function.SUM, AggregateCall.Function.COUNT_STAR), functions(aggregate));
        assertEquals(DataType.Kind.INT, aggregate.getCalls(0).getType().getKind());
        Calc stateCalc = plan.getStateStage().getOperators(0).getCalc();
        assertEquals(Call.Function.GREATER_THAN, stateCalc.getCondition().getCall().getFunction());
        Expression total = stateCalc.getProjections(1);
        // SUM of INT is INT; the sink column is BIGINT.
        assertEquals(Call.Function.CAST, total.getCall().getFunction());
        assertEquals(DataType.Kind.BIGINT, total.getType().getKind());
        assertEquals(Call.Function.TIMES, total.getCall().getOperands(0).getCall().getFunction());
        assertEquals(List.of("k", "c"), stateCalc.getOutputNamesList());
    }

    @Test
    void unionAllBelowTheAggregationIsOnePipelinePerBranch() {
        QueryPlan plan = plan("""
                INSERT INTO counts
                SELECT k, SUM(v)
                FROM (SELECT auction AS k, price AS v FROM bid UNION ALL SELECT id, score FROM person)
                GROUP BY k""").plan();

        assertEquals(2, plan.getPipelinesCount());
        Aggregate aggregate = plan.getStateStage().getAggregate();
        for (Pipeline pipeline : plan.getPipelinesList()) {
            assertEquals(aggregate.getInputColumnsList(), pipeline.getOutputColumnsList());
        }
        assertEquals(DataType.Kind.BIGINT, aggregate.getInputColumns(1).getType().getKind());
        // person.score is INT: that branch casts it to the union's BIGINT.
        Expression score = plan.getPipelines(1).getOperators(0).getCalc().getProjections(1);
        assertEquals(Call.Function.CAST, score.getCall().getFunction());
        assertEquals(DataType.Kind.BIGINT, score.getType().getKind());
    }

    @Test
    void eventTimeNeedsEveryBranchOnItsSourcesWatermarkColumn() {
        String insert = """
                CREATE VIEW activity AS SELECT id AS who, created AS happened FROM person
                  UNION ALL SELECT id, created FROM %s;
                INSERT INTO window_counts
                SELECT window_start, window_end, who, COUNT(*)
                FROM TABLE(TUMBLE(TABLE activity, DESCRIPTOR(happened), INTERVAL '1' MINUTE))
                GROUP BY window_start, window_end, who""";

        QueryPlan watermarked = plan(insert.formatted("person")).plan();
        assertEquals(0, watermarked.getStateStage().getAggregate().getEventTimeColumn());
        assertEquals(OutputMode.APPEND, watermarked.getOutputMode());
        // person_copy has no WATERMARK.
        QueryPlan mixed = plan(insert.formatted("person_copy")).plan();
        assertEquals(-1, mixed.getStateStage().getAggregate().getEventTimeColumn());
        assertEquals(OutputMode.UPDATE, mixed.getOutputMode());
        // A timestamp computed from the WATERMARK column is not the WATERMARK column.
        QueryPlan shifted = plan("""
                INSERT INTO window_counts
                SELECT window_start, window_end, id, COUNT(*)
                FROM TABLE(TUMBLE((SELECT id, created + INTERVAL '1' HOUR AS later FROM person), DESCRIPTOR(later),
                                  INTERVAL '1' MINUTE))
                GROUP BY window_start, window_end, id""").plan();
        assertEquals(-1, shifted.getStateStage().getAggregate().getEventTimeColumn());
    }

    @Test
    void aggregateCallsKeepDistinctAndFilter() {
        QueryPlan plan = plan("""
                CREATE TABLE stats (a BIGINT, b BIGINT, c BIGINT, d BIGINT, e INT, f INT)
                  WITH ('connector' = 'blackhole');
                INSERT INTO stats
                SELECT COUNT(city), COUNT(DISTINCT city), COUNT(*) FILTER (WHERE score > 50), MIN(DISTINCT id),
                       AVG(score), MAX(score)
                FROM person
                GROUP BY state""").plan();

        Aggregate aggregate = plan.getStateStage().getAggregate();
        assertEquals(List.of(AggregateCall.Function.COUNT, AggregateCall.Function.COUNT,
                AggregateCall.Function.COUNT_STAR, AggregateCall.Function.MIN, AggregateCall.Function.AVG,
                AggregateCall.Function.MAX), functions(aggregate));
        assertEquals(List.of(false, true, false, false, false, false),
                aggregate.getCallsList().stream().map(AggregateCall::getDistinct).toList());
        List<String> inputs = names(aggregate.getInputColumnsList());
        assertEquals("city", inputs.get(aggregate.getCalls(0).getArgument()));
        assertEquals(aggregate.getCalls(0).getArgument(), aggregate.getCalls(1).getArgument());
        int filter = aggregate.getCalls(2).getFilterColumn();
        assertEquals(DataType.Kind.BOOLEAN, aggregate.getInputColumns(filter).getType().getKind());
        assertEquals(-1, aggregate.getCalls(3).getFilterColumn());
        assertEquals(DataType.Kind.INT, aggregate.getCalls(4).getType().getKind());
    }

    @Test
    void statelessQueriesRunInAppendModeWithoutAStateStage() {
        QueryPlan plan = plan("INSERT INTO ids SELECT id, city FROM person").plan();
        QueryPlan update = plan("SET 'output-mode' = 'update';\nINSERT INTO ids SELECT id, city FROM person").plan();
        QueryPlan intoFiles = plan("""
                SET 'output-mode' = 'update';
                INSERT INTO window_files SELECT created, created, id, id FROM person""").plan();

        assertFalse(plan.hasStateStage());
        assertEquals(OutputMode.APPEND, plan.getOutputMode());
        assertEquals(OutputMode.APPEND, update.getOutputMode());
        assertEquals(Map.of("output-mode", "update"), update.getSettingsMap());
        assertEquals(OutputMode.APPEND, intoFiles.getOutputMode());
    }

    @Test
    void settingsArePartOfThePlanTheFingerprintAndTheExplain() {
        String insert = """
                INSERT INTO window_counts
                SELECT window_start, window_end, bidder, COUNT(*)
                FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                GROUP BY window_start, window_end, bidder""";
        PlannedQuery plain = plan(insert);
        PlannedQuery set = plan("SET 'State.Key-Groups' = ' 0256 ';\nSET 'output-mode' = 'Append';\n" + insert);

        assertEquals(Map.of("state.key-groups", "256", "output-mode", "append"), set.plan().getSettingsMap());
        assertNotEquals(plain.fingerprint(), set.fingerprint());
        assertTrue(set.explain().endsWith("state: aggregate-0, event time $0, output mode append\n"
                + "settings: 'output-mode' = 'append', 'state.key-groups' = '256'\n"), set.explain());
        assertEquals("+ settings: 'output-mode' = 'append', 'state.key-groups' = '256'",
                set.changesFrom(plain.explain()));
    }

    @Test
    void aLaterSetOfTheSameKeyWins() {
        QueryPlan plan = plan("""
                SET 'output-mode' = 'complete';
                SET 'output-mode' = 'update';
                INSERT INTO counts SELECT bidder, COUNT(*) FROM bid GROUP BY bidder""").plan();

        assertEquals(OutputMode.UPDATE, plan.getOutputMode());
        assertEquals(Map.of("output-mode", "update"), plan.getSettingsMap());
    }

    @Test
    void completeModeTakesAnyAggregation() {
        QueryPlan plan = plan("""
                SET 'output-mode' = 'complete';
                INSERT INTO window_counts
                SELECT window_start, window_end, id, COUNT(*)
                FROM TABLE(SESSION(TABLE person_copy PARTITION BY id, DESCRIPTOR(created), INTERVAL '1' MINUTE))
                GROUP BY window_start, window_end, id""").plan();

        assertEquals(OutputMode.COMPLETE, plan.getOutputMode());
    }

    // Output mode rules (Spark's), each refusal at the INSERT.

    @Test
    void appendNeedsAWindowOverAWatermarkColumn() {
        assertError("""
                SET 'output-mode' = 'append';
                INSERT INTO counts SELECT bidder, COUNT(*) FROM bid GROUP BY bidder""",
                2, 1, "output mode append needs a window over a column with a WATERMARK: an aggregation writes a"
                        + " row once, when the watermark passes its window's end, and this GROUP BY has no window;"
                        + " change SET 'output-mode' = 'append' (line " + (TABLES_LINES + 1) + ") to update (or"
                        + " complete), or aggregate over a window of a WATERMARK column");
        assertError("""
                SET 'output-mode' = 'append';
                INSERT INTO window_counts
                SELECT window_start, window_end, id, COUNT(*)
                FROM TABLE(TUMBLE(TABLE person_copy, DESCRIPTOR(created), INTERVAL '1' MINUTE))
                GROUP BY window_start, window_end, id""",
                2, 1, "output mode append needs a window over a column with a WATERMARK: an aggregation writes a"
                        + " row once, when the watermark passes its window's end, and the time column of TUMBLE"
                        + " (created) is not the WATERMARK column of the table it comes from; change SET"
                        + " 'output-mode' = 'append' (line " + (TABLES_LINES + 1) + ") to update (or complete), or"
                        + " aggregate over a window of a WATERMARK column");
    }

    @Test
    void completeNeedsAnAggregation() {
        assertError("""
                SET 'output-mode' = 'complete';
                INSERT INTO ids SELECT id, city FROM person""",
                2, 1, "output mode complete needs an aggregation (GROUP BY or an aggregate function): it writes the"
                        + " whole result table every batch, and this INSERT keeps none; change SET 'output-mode' ="
                        + " 'complete' (line " + (TABLES_LINES + 1) + ") to append");
    }

    @Test
    void updateIsNotSupportedForSessionWindows() {
        assertError("""
                SET 'output-mode' = 'update';
                INSERT INTO window_counts
                SELECT window_start, window_end, bidder, COUNT(*)
                FROM TABLE(SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(dateTime), INTERVAL '30' SECOND))
                GROUP BY window_start, window_end, bidder""",
                2, 1, "output mode update is not supported for SESSION windows: sessions merge as rows arrive, and"
                        + " the row of a merged session cannot replace the rows written for the sessions it merged;"
                        + " change SET 'output-mode' = 'update' (line " + (TABLES_LINES + 1) + ") to append (with a"
                        + " WATERMARK on the time column) or complete");
    }

    @Test
    void aSessionWithoutWatermarkNeedsCompleteModeSetExplicitly() {
        assertError("""
                INSERT INTO window_counts
                SELECT window_start, window_end, id, COUNT(*)
                FROM TABLE(SESSION(TABLE person_copy PARTITION BY id, DESCRIPTOR(created), INTERVAL '1' MINUTE))
                GROUP BY window_start, window_end, id""",
                1, 1, "a SESSION window runs in append mode (which needs a WATERMARK on its time column) or complete"
                        + " mode (update is not supported for sessions), and the time column of SESSION (created)"
                        + " is not the WATERMARK column of the table it comes from; declare a WATERMARK on the time"
                        + " column, or SET 'output-mode' = 'complete'");
    }

    @Test
    void aSinkThatOnlyAddsRowsTakesNoUpdates() {
        assertError("""
                INSERT INTO window_files
                SELECT MIN(dateTime), MAX(dateTime), bidder, COUNT(*) FROM bid GROUP BY bidder""",
                1, 13, "table 'window_files' (connector 'filesystem') cannot take output mode update, where a row"
                        + " may replace one written before (the mode this aggregation runs in without a SET, since"
                        + " this GROUP BY has no window); write to a sink that takes updates, or aggregate over a"
                        + " window of a WATERMARK column in output mode append");
        assertError("""
                SET 'output-mode' = 'complete';
                INSERT INTO window_files
                SELECT window_start, window_end, bidder, COUNT(*)
                FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                GROUP BY window_start, window_end, bidder""",
                2, 13, "table 'window_files' (connector 'filesystem') cannot take output mode complete, where a row"
                        + " may replace one written before; write to a sink that takes updates, or aggregate over a"
                        + " window of a WATERMARK column in output mode append");

        // Append into the same sink is fine.
        QueryPlan append = plan("""
                INSERT INTO window_files
                SELECT window_start, window_end, bidder, COUNT(*)
                FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                GROUP BY window_start, window_end, bidder""").plan();
        assertEquals(OutputMode.APPEND, append.getOutputMode());
    }

    // What streaming aggregations cannot run, located at the function or clause.

    @Test
    void unsupportedAggregateFunctionsAreReportedWhereTheyAreWritten() {
        assertError("INSERT INTO counts SELECT id, STDDEV(score) FROM person GROUP BY id", 1, 31,
                "aggregate function STDDEV is not supported in streaming queries yet; use COUNT, SUM, MIN, MAX or"
                        + " AVG");
        assertError("""
                CREATE TABLE names (k BIGINT, names VARCHAR) WITH ('connector' = 'blackhole');
                INSERT INTO names SELECT id, LISTAGG(name) FROM person GROUP BY id""", 2, 30,
                "aggregate function LISTAGG is not supported in streaming queries yet; use COUNT, SUM, MIN, MAX or"
                        + " AVG");
        assertError("INSERT INTO counts SELECT id, SUM(DISTINCT score) FROM person GROUP BY id", 1, 31,
                "SUM(DISTINCT ...) is not supported in streaming queries yet; of the aggregate functions only COUNT"
                        + " takes DISTINCT");
        assertError("INSERT INTO counts SELECT id, COUNT(city, state) FROM person GROUP BY id", 1, 31,
                "COUNT over several columns is not supported in streaming queries yet");
    }

    @Test
    void overWindowsAreReportedAtTheFunction() {
        assertError("INSERT INTO counts SELECT id, COUNT(*) OVER (PARTITION BY city) FROM person", 1, 31,
                "OVER windows (COUNT(...) OVER (...)) are not supported in streaming queries yet");
    }

    @Test
    void groupingSetsAreReportedAtTheClause() {
        String problem = "GROUPING SETS, ROLLUP and CUBE are not supported in streaming queries yet; use one GROUP BY"
                + " per INSERT";
        assertError("INSERT INTO counts SELECT id, COUNT(*) FROM person GROUP BY ROLLUP(id)", 1, 61, problem);
        assertError("INSERT INTO counts SELECT id, COUNT(*) FROM person GROUP BY CUBE(id)", 1, 61, problem);
        assertError("INSERT INTO counts SELECT id, COUNT(*) FROM person GROUP BY GROUPING SETS ((id), ())", 1, 61,
                problem);
    }

    @Test
    void anAggregationOverAnAggregationIsNotSupported() {
        assertError("""
                INSERT INTO counts
                SELECT c, COUNT(*) FROM (SELECT city, COUNT(*) AS c FROM person GROUP BY city) GROUP BY c""",
                2, 11, "an aggregation over the result of another aggregation is not supported in streaming queries"
                        + " yet");
    }

    @Test
    void anAggregationInsideAUnionBranchIsNotSupported() {
        assertError("""
                INSERT INTO counts
                SELECT id, COUNT(*) FROM person GROUP BY id
                UNION ALL
                SELECT auction, price FROM bid""",
                2, 12, "an aggregation inside a branch of UNION ALL is not supported in streaming queries yet;"
                        + " aggregate over the UNION ALL instead");
    }

    @Test
    void joinsAreReportedAtTheJoin() {
        assertError("""
                INSERT INTO counts
                SELECT p.id, COUNT(*) FROM person AS p JOIN bid AS b ON p.id = b.bidder GROUP BY p.id""",
                2, 40, "joins are not supported in streaming queries yet");
    }

    // Window functions: their arguments and their place.

    @Test
    void windowIntervalsMustBePositiveLiterals() {
        String insert = """
                INSERT INTO window_counts
                SELECT window_start, window_end, bidder, COUNT(*)
                FROM TABLE(%s)
                GROUP BY window_start, window_end, bidder""";
        assertError(insert.formatted("TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND * 2)"), 3, 12,
                "TUMBLE's size must be a literal interval such as INTERVAL '10' SECOND");
        assertError(insert.formatted("TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '-10' SECOND)"), 3, 12,
                "TUMBLE's size must be a positive interval, not -10000 ms");
        assertError(insert.formatted("TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '0' SECOND)"), 3, 12,
                "TUMBLE's size must be a positive interval, not 0 ms");
        assertError(insert.formatted("TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' MONTH)"), 3, 12,
                "TUMBLE's size must be an interval of days, hours, minutes, seconds or milliseconds: months and"
                        + " years have no fixed length");
        assertError(insert.formatted("TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND,"
                + " INTERVAL '10' SECOND)"), 3, 12, "TUMBLE's offset must be at least 0 and less than its size"
                + " (10000 ms), not 10000 ms; an offset of -x is the same as size - x");
        assertError(insert.formatted("HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '20' SECOND,"
                + " INTERVAL '10' SECOND)"), 3, 12, "HOP's slide (20000 ms) must not be larger than its size"
                + " (10000 ms): rows between two windows would be in none");
        assertError(insert.formatted("HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '5' SECOND,"
                + " INTERVAL '10' SECOND, INTERVAL '-1' SECOND)"), 3, 12, "HOP's offset must be at least 0 and less"
                + " than its slide (5000 ms), not -1000 ms; an offset of -x is the same as slide - x");
        assertError(insert.formatted("CUMULATE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '7' SECOND,"
                + " INTERVAL '1' MINUTE)"), 3, 12, "CUMULATE's size (60000 ms) must be a multiple of its step"
                + " (7000 ms)");
        assertError(insert.formatted("SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(dateTime),"
                + " INTERVAL '-1' MINUTE)"), 3, 12, "SESSION's gap must be a positive interval, not -60000 ms");
    }

    @Test
    void windowColumnsMayOnlyBeGroupedBy() {
        assertError("""
                INSERT INTO window_counts
                SELECT window_start, MAX(window_end), bidder, COUNT(*)
                FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                GROUP BY window_start, bidder""",
                3, 12, "the rows of TUMBLE must be grouped by window_start and window_end (GROUP BY window_start,"
                        + " window_end[, window_time][, keys]): a window aggregation emits one row per window");
        assertError("""
                INSERT INTO window_counts
                SELECT window_start, window_end, bidder, COUNT(*) FILTER (WHERE window_time > dateTime)
                FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                GROUP BY window_start, window_end, bidder""",
                3, 12, "window_start, window_end and window_time of TUMBLE can only be grouped by as they are, not used"
                        + " in expressions or aggregate functions below the GROUP BY; compute with them in the select"
                        + " list");
    }

    @Test
    void aWindowFunctionRunsOnlyBelowItsAggregation() {
        String problem = "TUMBLE is supported only right below GROUP BY window_start, window_end[, keys] (a window"
                + " aggregation); other uses of window table functions are not supported in streaming queries yet";
        assertError("""
                INSERT INTO ids
                SELECT bidder, channel FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))""",
                2, 35, problem);
        assertError("""
                INSERT INTO window_counts
                SELECT window_start, window_end, bidder, COUNT(*)
                FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                WHERE window_start > TIMESTAMP '2026-01-01 00:00:00'
                GROUP BY window_start, window_end, bidder""",
                3, 12, problem);
    }
}
