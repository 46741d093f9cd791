package dev.sluice.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.planner.plan.Fingerprints;
import dev.sluice.planner.plan.proto.Call;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.Expression;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.planner.sql.SqlScriptException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** The planner facade: errors, fingerprints and the type choices of ARCHITECTURE.md, through real plans. */
class QueryPlannerTest {
    private static final String TABLES = QueryPlanTest.TABLES;
    private static final int TABLES_LINES = (int) TABLES.lines().count();

    private static PlannedQuery plan(String statements) {
        return QueryPlanner.plan(SqlScript.parse("job.sql", TABLES + statements));
    }

    /** The error for statements that start on the line after {@link #TABLES}. */
    private static void assertError(String statements, int line, int column, String problem) {
        SqlScriptException error = assertThrows(SqlScriptException.class, () -> plan(statements));
        assertEquals("job.sql:" + (TABLES_LINES + line) + ":" + column + ": " + problem, error.getMessage());
    }

    @Test
    void unsupportedFunctionIsReportedWhereItIsWritten() {
        assertError("""
                INSERT INTO ids
                SELECT id, CAST(POWER(score, 2) AS VARCHAR) FROM person""",
                2, 17, "function POWER is not supported in streaming queries yet");
    }

    @Test
    void unsupportedFunctionInAViewIsReportedInTheView() {
        assertError("""
                CREATE VIEW squares AS SELECT id, CAST(POWER(score, 2) AS VARCHAR) AS square FROM person;
                INSERT INTO ids SELECT id, square FROM squares""",
                1, 40, "function POWER is not supported in streaming queries yet");
    }

    @Test
    void nonDeterministicFunctionIsNotSupported() {
        assertError("""
                INSERT INTO ids
                SELECT id, CAST(CURRENT_TIMESTAMP AS VARCHAR) FROM person""",
                2, 17, "function CURRENT_TIMESTAMP is not supported in streaming queries yet");
    }

    @Test
    void unionWithoutAllIsNotSupported() {
        assertError("""
                INSERT INTO ids
                SELECT id, city FROM person UNION SELECT auction, channel FROM bid""",
                1, 1, "UNION without ALL removes duplicates, which needs state, and is not supported in streaming"
                        + " queries yet; use UNION ALL");
    }

    @Test
    void insertThatNeverWritesIsAnError() {
        assertError("""
                INSERT INTO ids
                SELECT id, city FROM person WHERE 1 = 0""",
                1, 1, "this INSERT can never write a row: its WHERE clause is always false");
    }

    @Test
    void scriptWithoutInsertIsAnError() {
        SqlScriptException error = assertThrows(SqlScriptException.class,
                () -> QueryPlanner.plan(SqlScript.parse("tables.sql", TABLES)));
        assertEquals("tables.sql:1:1: the script has no INSERT INTO statement, so there is no query to run; add"
                + " INSERT INTO <table> SELECT ...", error.getMessage());
    }

    @Test
    void scriptWithTwoInsertsIsAnError() {
        assertError("""
                INSERT INTO ids SELECT id, city FROM person;
                INSERT INTO ids SELECT auction, channel FROM bid;""",
                2, 1, "the script has 2 INSERT statements (lines " + (TABLES_LINES + 1) + ", " + (TABLES_LINES + 2)
                        + "); a script runs one INSERT for now");
    }

    @Test
    void alwaysFalseBranchOfUnionAllIsDropped() {
        PlannedQuery planned = plan("""
                INSERT INTO ids
                SELECT id, city FROM person WHERE 1 = 0
                UNION ALL
                SELECT auction, channel FROM bid""");

        assertEquals(1, planned.plan().getPipelinesCount());
        assertEquals("bid", planned.plan().getSources(0).getName());
    }

    @Test
    void integerOverflowIsNotFoldedAway() {
        PlannedQuery planned = plan("""
                INSERT INTO ids
                SELECT id, city FROM person WHERE score > 2147483647 + 1 AND id > 2 + 3""");

        // Folding would wrap around to -2147483648; the engine reports the overflow at run time instead.
        assertTrue(planned.explain().contains("expr#9=[2147483647], expr#10=[1], expr#11=[+($t9, $t10)]"),
                planned.explain());
        assertTrue(planned.explain().contains("5:BIGINT"), planned.explain());
    }

    @Test
    void dateFormatOfAConstantIsKeptForTheExecutor() {
        PlannedQuery planned = plan("""
                INSERT INTO ids
                SELECT id, DATE_FORMAT(TIMESTAMP '2026-01-01 10:00:00.000', 'HH:mm') FROM person""");

        Expression projection = planned.plan().getPipelines(0).getOperators(0).getCalc().getProjections(1);
        assertEquals(Call.Function.DATE_FORMAT, projection.getCall().getFunction());
        assertEquals(DataType.Kind.VARCHAR, projection.getType().getKind());
    }

    @Test
    void samePlanTwiceHasTheSameFingerprint() {
        String insert = """
                INSERT INTO ids
                SELECT id, city FROM person WHERE score > 10""";
        PlannedQuery first = plan(insert);
        PlannedQuery second = plan(insert);

        assertEquals(first.fingerprint(), second.fingerprint());
        assertEquals(first.explain(), second.explain());
        assertEquals(64, first.fingerprint().length());
        assertEquals(first.fingerprint(), Fingerprints.of(first.plan()));
        assertEquals("", second.changesFrom(first.explain()));
    }

    @Test
    void layoutAndCommentsDoNotChangeTheFingerprint() {
        PlannedQuery first = plan("INSERT INTO ids SELECT id, city FROM person WHERE score > 10");
        PlannedQuery reformatted = plan("""
                -- the same query, laid out differently
                INSERT INTO ids
                SELECT id, city
                FROM person
                WHERE score > 10""");

        assertEquals(first.fingerprint(), reformatted.fingerprint());
        assertNotEquals(first.plan().getDescription(), reformatted.plan().getDescription());
    }

    @Test
    void changedWhereChangesTheFingerprintAndSaysWhat() {
        PlannedQuery before = plan("INSERT INTO ids SELECT id, city FROM person WHERE score > 10");
        PlannedQuery after = plan("INSERT INTO ids SELECT id, city FROM person WHERE score > 11");

        assertNotEquals(before.fingerprint(), after.fingerprint());
        String changes = after.changesFrom(before.explain());
        assertTrue(changes.startsWith("- SluiceCalc("), changes);
        assertTrue(changes.contains("expr#9=[10]"), changes);
        assertTrue(changes.contains("+ SluiceCalc("), changes);
        assertTrue(changes.contains("expr#9=[11]"), changes);
    }

    @Test
    void changedConnectorOptionChangesTheFingerprint() {
        String insert = "INSERT INTO ids SELECT id, city FROM person";
        PlannedQuery before = plan(insert);
        PlannedQuery after = QueryPlanner.plan(SqlScript.parse("job.sql",
                TABLES.replace("'path' = '/data/person'", "'path' = '/data/people'") + insert));

        assertNotEquals(before.fingerprint(), after.fingerprint());
        assertTrue(after.changesFrom(before.explain()).contains("'path' = '/data/people'"));
    }

    @Test
    void descriptionIsTheInsertAsWritten() {
        PlannedQuery planned = plan("""
                INSERT INTO ids
                SELECT id, city FROM person;
                """);

        assertEquals("INSERT INTO ids\nSELECT id, city FROM person", planned.plan().getDescription());
    }

    @Test
    void integerDivisionStaysInteger() {
        QueryPlan plan = plan("INSERT INTO ids SELECT score / 2, city FROM person").plan();

        Expression id = plan.getPipelines(0).getOperators(0).getCalc().getProjections(0);
        assertEquals(Call.Function.CAST, id.getCall().getFunction());
        Expression division = id.getCall().getOperands(0);
        assertEquals(Call.Function.DIVIDE, division.getCall().getFunction());
        assertEquals(DataType.Kind.INT, division.getType().getKind());
    }

    @Test
    void caseOverLiteralsOfDifferentLengthsIsNeverPadded() {
        QueryPlan plan = plan("""
                INSERT INTO ids
                SELECT id, CASE WHEN score > 1 THEN 'a' ELSE 'longer' END FROM person""").plan();

        Expression label = plan.getPipelines(0).getOperators(0).getCalc().getProjections(1);
        assertEquals(DataType.Kind.VARCHAR, label.getType().getKind());
        List<String> literals = new ArrayList<>();
        for (Expression operand : label.getCall().getOperandsList()) {
            if (operand.hasLiteral()) {
                literals.add(operand.getLiteral().getStringValue());
            }
        }
        assertEquals(List.of("a", "longer"), literals);
    }

    @Test
    void sumAndAverageOfIntAreInt() {
        SqlScript script = SqlScript.parse("job.sql", TABLES + """
                CREATE TABLE sums (s INT, a INT) WITH ('connector' = 'blackhole');
                INSERT INTO sums SELECT SUM(score), AVG(score) FROM person GROUP BY city""");
        RelNode query = script.rel(script.inserts().get(0)).getInput(0);

        assertEquals(SqlTypeName.INTEGER, query.getRowType().getFieldList().get(0).getType().getSqlTypeName());
        assertEquals(SqlTypeName.INTEGER, query.getRowType().getFieldList().get(1).getType().getSqlTypeName());
    }

    @Test
    void sameTableReadTwiceIsOneSource() {
        QueryPlan plan = plan("""
                INSERT INTO ids
                SELECT auction, 'high' FROM bid WHERE price > 100
                UNION ALL
                SELECT bidder, 'low' FROM bid WHERE price <= 100""").plan();

        assertEquals(1, plan.getSourcesCount());
        assertEquals(2, plan.getPipelinesCount());
        assertEquals(0, plan.getPipelines(0).getSourceIndex());
        assertEquals(0, plan.getPipelines(1).getSourceIndex());
    }

    @Test
    void identicalSinkNeedsNoOperator() {
        QueryPlan plan = plan("INSERT INTO person_copy SELECT * FROM person").plan();

        assertEquals(0, plan.getPipelines(0).getOperatorsCount());
        assertEquals(plan.getSources(0).getColumnsList(), plan.getPipelines(0).getOutputColumnsList());
        assertFalse(plan.getSink().hasWatermark());
    }

    @Test
    void columnsAnInsertLeavesOutAreNull() {
        QueryPlan plan = plan("INSERT INTO ids (origin) SELECT city FROM person").plan();

        Expression id = plan.getPipelines(0).getOperators(0).getCalc().getProjections(0);
        assertTrue(id.getLiteral().getIsNull(), id.toString());
        assertEquals(DataType.Kind.BIGINT, id.getType().getKind());
    }

    @Test
    void sinkWritesOnlyItsPhysicalColumns() {
        QueryPlan plan = plan("""
                CREATE TABLE computed_sink (id BIGINT, doubled AS id * 2) WITH ('connector' = 'blackhole');
                INSERT INTO computed_sink SELECT id FROM person""").plan();

        assertEquals(1, plan.getSink().getColumnsCount());
        assertEquals(1, plan.getPipelines(0).getOutputColumnsCount());
    }
}
