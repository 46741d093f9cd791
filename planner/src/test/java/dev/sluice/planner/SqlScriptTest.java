package dev.sluice.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.planner.sql.SluiceSqlParser;
import dev.sluice.planner.sql.SqlScriptException;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
    /** A source with a watermark, a second one, and sinks: the tables most statements below use. */
    static final String TABLES = """
            CREATE TABLE events (
              id BIGINT NOT NULL,
              `value` DOUBLE,
              name VARCHAR,
              amount DECIMAL(10, 2),
              ts TIMESTAMP(3),
              bucket AS MOD(id, 10),
              WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
            ) WITH ('connector' = 'datagen');
            CREATE TABLE users (id BIGINT, city VARCHAR) WITH ('connector' = 'filesystem', 'path' = '/data/users');
            CREATE TABLE totals (k BIGINT, c BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3))
              WITH ('connector' = 'print');
            CREATE TABLE labels (id BIGINT, label VARCHAR, total DECIMAL(12, 2)) WITH ('connector' = 'blackhole');
            """;

    private static SqlScript parse(String statements) {
        return SqlScript.parse("job.sql", TABLES + statements);
    }

    /** The error for statements that start on the line after {@link #TABLES}. */
    private static void assertError(String statements, int line, int column, String problem) {
        SqlScriptException error = assertThrows(SqlScriptException.class, () -> parse(statements));
        int tablesLines = (int) TABLES.lines().count();
        assertEquals("job.sql:" + (tablesLines + line) + ":" + column + ": " + problem, error.getMessage());
    }

    @Test
    void validatesInsertWithProjectionFilterCaseAndCast() {
        SqlScript script = parse("""
                INSERT INTO labels
                SELECT id,
                       CASE WHEN `value` > 10 THEN 'big' WHEN `value` > 1 THEN 'medium' ELSE 'small' END,
                       CAST(amount * 2 AS DECIMAL(12, 2))
                FROM events
                WHERE name LIKE 'a%' AND bucket <> 3 AND amount IS NOT NULL AND id % 2 = 0 AND id != 7;
                """);

        InsertStatement insert = script.inserts().get(0);
        assertEquals("labels", insert.sinkTable());
        assertEquals(List.of("events"), insert.sourceTables());
        assertEquals(TABLES.lines().count() + 1, insert.line());
    }

    @Test
    void validatesTumbleAggregates() {
        SqlScript script = parse("""
                INSERT INTO totals
                SELECT bucket, COUNT(*), window_start, window_end
                FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
                GROUP BY bucket, window_start, window_end;
                """);

        assertEquals(List.of("events"), script.inserts().get(0).sourceTables());
    }

    @Test
    void windowColumnsMatchInAnyCase() {
        SqlScript script = parse("""
                INSERT INTO totals
                SELECT Bucket, COUNT(*), WINDOW_START, Window_End
                FROM TABLE(tumble(TABLE Events, DESCRIPTOR(TS), INTERVAL '10' SECOND))
                GROUP BY BUCKET, window_start, WINDOW_END;
                """);

        assertEquals("totals", script.inserts().get(0).sinkTable());
    }

    @Test
    void validatesHopWithPositionalAndNamedArguments() {
        parse("""
                INSERT INTO totals
                SELECT id, SUM(id), window_start, window_end
                FROM TABLE(HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
                GROUP BY id, window_start, window_end;
                INSERT INTO totals
                SELECT id, COUNT(*), window_start, window_end
                FROM TABLE(HOP(DATA => TABLE events, TIMECOL => DESCRIPTOR(ts), SLIDE => INTERVAL '5' SECOND,
                               SIZE => INTERVAL '10' SECOND))
                GROUP BY id, window_start, window_end;
                """);
    }

    @Test
    void validatesSessionWithAKeyDescriptorOrPartitionBy() {
        SqlScript script = parse("""
                INSERT INTO totals
                SELECT id, COUNT(*), window_start, window_end
                FROM TABLE(SESSION(TABLE events, DESCRIPTOR(ts), DESCRIPTOR(id), INTERVAL '30' SECOND))
                GROUP BY id, window_start, window_end;
                INSERT INTO totals
                SELECT id, COUNT(*), window_start, window_end
                FROM TABLE(SESSION(TABLE events PARTITION BY id, DESCRIPTOR(ts), INTERVAL '30' SECOND))
                GROUP BY id, window_start, window_end;
                """);

        assertEquals(List.of("events"), script.inserts().get(1).sourceTables());
    }

    @Test
    void validatesCumulate() {
        parse("""
                INSERT INTO totals
                SELECT id, COUNT(*), window_start, window_end
                FROM TABLE(CUMULATE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
                GROUP BY id, window_start, window_end;
                """);
    }

    @Test
    void validatesJoinsAndViewsAndRecordsEverySourceTable() {
        SqlScript script = parse("""
                CREATE VIEW big AS SELECT id, name, amount FROM events WHERE amount > 100;
                INSERT INTO labels
                SELECT b.id, u.city, b.amount FROM big AS b JOIN users AS u ON b.id = u.id;
                """);

        InsertStatement insert = script.inserts().get(0);
        assertEquals(List.of("events", "users"), insert.sourceTables());
        assertEquals(List.of("big"), script.catalog().views().stream().map(v -> v.name()).toList());
    }

    @Test
    void theStatementsStayAsWritten() {
        SqlScript script = parse("INSERT INTO labels SELECT id, name, amount FROM events");

        assertEquals(5, script.statements().size());
        assertEquals("INSERT INTO `labels`\nSELECT `id`, `name`, `amount`\nFROM `events`",
                SluiceSqlParser.unparse(script.inserts().get(0).statement()));
    }

    @Test
    void relIsTheLogicalPlanOfTheInsert() {
        SqlScript script = parse("INSERT INTO labels SELECT id, name, amount FROM events");

        RelNode rel = script.rel(script.inserts().get(0));
        assertTrue(rel instanceof TableModify, rel::toString);
        assertEquals(List.of("labels"), rel.getTable().getQualifiedName());
        assertFalse(rel == script.rel(script.inserts().get(0)), "each call converts anew");
    }

    @Test
    void aSinkWithComputedColumnsTakesItsPhysicalColumns() {
        SqlScript script = parse("INSERT INTO events SELECT id, `value`, name, amount, ts FROM events");

        assertEquals("events", script.inserts().get(0).sinkTable());
        assertEquals(List.of("id", "value", "name", "amount", "ts"),
                script.rel(script.inserts().get(0)).getInput(0).getRowType().getFieldNames());
    }

    @Test
    void aScriptMayHaveOnlyDdl() {
        assertEquals(List.of(), parse("").inserts());
    }

    @Test
    void anUnknownColumnNamesTheTableAndTheClosestColumn() {
        assertError("INSERT INTO labels\nSELECT id, vaule, amount FROM events;", 2, 12,
                "unknown column 'vaule' in table 'events' (did you mean 'value'?)");
        assertError("INSERT INTO labels SELECT e.id, e.nme, e.amount FROM events AS e;", 1, 35,
                "unknown column 'nme' in table 'events' (did you mean 'name'?)");
    }

    @Test
    void anUnknownTableNamesTheClosestTable() {
        assertError("INSERT INTO labels SELECT id, name, amount FROM evnts;", 1, 49,
                "unknown table 'evnts' (did you mean 'events'?)");
        assertError("INSERT INTO lables SELECT id, name, amount FROM events;", 1, 13,
                "unknown table 'lables' (did you mean 'labels'?)");
    }

    @Test
    void aTableMustBeDefinedBeforeItIsUsed() {
        assertError("INSERT INTO later SELECT id FROM events;\n"
                        + "CREATE TABLE later (id BIGINT) WITH ('connector' = 'x');",
                1, 13, "unknown table 'later'");
    }

    @Test
    void typeMismatchesNameTheColumnAndTypes() {
        assertError("INSERT INTO labels SELECT name, name, amount FROM events;", 1, 27,
                "type mismatch: column 'id' is BIGINT but the query gives VARCHAR (from 'name'); CAST it to BIGINT");
        assertError("INSERT INTO labels SELECT id, name FROM events;", 1, 13,
                "the target table takes 3 columns but the query gives 2");
        assertError("INSERT INTO labels SELECT id, name, amount FROM events WHERE name;", 1, 62,
                "WHERE clause must be a condition");
        assertError("INSERT INTO labels SELECT id, name, amount FROM events WHERE NOT id;", 1, 62,
                "type mismatch: cannot apply 'NOT' to arguments of type 'NOT<BIGINT>'; expected 'NOT<BOOLEAN>'");
    }

    @Test
    void windowFunctionErrorsExplainTheArguments() {
        assertError("INSERT INTO totals SELECT id, COUNT(*), window_start, window_end\n"
                        + "FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(tss), INTERVAL '10' SECOND))"
                        + " GROUP BY id, window_start, window_end;", 2, 44,
                "unknown column 'tss' (did you mean 'ts'?)");
        assertError("INSERT INTO totals SELECT id, COUNT(*), window_start, window_end\n"
                        + "FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(id), INTERVAL '10' SECOND))"
                        + " GROUP BY id, window_start, window_end;", 2, 12,
                "wrong arguments for TUMBLE: expected TUMBLE(TABLE table_name, DESCRIPTOR(timecol), datetime"
                        + " interval[, datetime interval]), where timecol is a TIMESTAMP(3) column of the table and"
                        + " the sizes are INTERVALs");
        assertError("INSERT INTO totals SELECT id, COUNT(*), window_strt, window_end\n"
                        + "FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
                        + " GROUP BY id, window_start, window_end;", 1, 41,
                "unknown column 'window_strt' (did you mean 'window_start'?)");
    }

    @Test
    void groupingAndFunctionErrors() {
        assertError("INSERT INTO labels SELECT id, name, amount FROM events GROUP BY name;", 1, 27,
                "'id' is neither in GROUP BY nor inside an aggregate function");
        assertError("INSERT INTO labels SELECT id, UPPR(name), amount FROM events;", 1, 31,
                "unknown function UPPR(<CHARACTER>), or it does not take these argument types (did you mean"
                        + " 'UPPER'?)");
    }

    @Test
    void statementsOtherThanDdlAndInsertAreRejected() {
        assertError("SELECT id FROM events;", 1, 1,
                "a query on its own has nowhere to write its rows; use INSERT INTO <table> SELECT ...");
        assertError("CREATE VIEW v AS SELECT id FROM events;\nINSERT INTO v SELECT id FROM events;", 2, 13,
                "cannot INSERT INTO view 'v'; a view is read-only: insert into a table");
        assertError("DELETE FROM events;", 1, 1,
                "this statement is not supported; a script holds CREATE TABLE, CREATE VIEW, SET and INSERT INTO"
                        + " statements");
    }

    @Test
    void insertColumnListErrors() {
        assertError("INSERT INTO labels (id, lable) SELECT id, name FROM events;", 1, 25,
                "unknown column 'lable' in the INSERT column list");
    }
}
