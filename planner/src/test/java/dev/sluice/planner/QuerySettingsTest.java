package dev.sluice.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.planner.plan.proto.OutputMode;
import dev.sluice.planner.sql.SqlScriptException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code SET 'key' = 'value'} statements, through the real parser and script. */
class QuerySettingsTest {
    private static final String INSERT = "INSERT INTO labels SELECT id, name, amount FROM events;\n";

    private static SqlScript parse(String statements) {
        return SqlScript.parse("job.sql", SqlScriptTest.TABLES + statements);
    }

    /** The error for statements that start on the line after the tables. */
    private static void assertError(String statements, int line, int column, String problem) {
        SqlScriptException error = assertThrows(SqlScriptException.class, () -> parse(statements));
        int tablesLines = (int) SqlScriptTest.TABLES.lines().count();
        assertEquals("job.sql:" + (tablesLines + line) + ":" + column + ": " + problem, error.getMessage());
    }

    @Test
    void knownSettingsAreCheckedAndKeptInCanonicalForm() {
        SqlScript script = parse("SET 'OUTPUT-MODE' = ' Complete ';\nSET 'state.key-groups' = '0512';\n" + INSERT);

        assertEquals(Map.of("output-mode", "complete", "state.key-groups", "512"), script.settings().values());
        assertEquals(Optional.of(OutputMode.COMPLETE), script.settings().outputMode());
        assertEquals(SqlScriptTest.TABLES.lines().count() + 1,
                script.settings().get(QuerySettings.OUTPUT_MODE).orElseThrow().position().getLineNum());
    }

    @Test
    void aScriptWithoutSetHasNoSettings() {
        SqlScript script = parse(INSERT);

        assertTrue(script.settings().isEmpty());
        assertEquals(Optional.empty(), script.settings().outputMode());
    }

    @Test
    void anUnknownKeyNamesTheClosestAndListsTheKnownOnes() {
        assertError("SET 'output.mode' = 'update';\n" + INSERT, 1, 5,
                "unknown setting 'output.mode' (did you mean 'output-mode'?); the settings are output-mode,"
                        + " state.key-groups, late-rows.table");
        assertError("SET 'parallelism' = '4';\n" + INSERT, 1, 5,
                "unknown setting 'parallelism'; the settings are output-mode, state.key-groups, late-rows.table");
    }

    @Test
    void anUnknownOutputModeNamesTheClosest() {
        assertError("SET 'output-mode' = 'apend';\n" + INSERT, 1, 21,
                "unknown output mode 'apend' (did you mean 'append'?); use append, update or complete");
    }

    @Test
    void keyGroupsMustBeAWholeNumberInRange() {
        String problem = "state.key-groups must be a whole number from 1 to 32768, not ";
        assertError("SET 'state.key-groups' = '0';\n" + INSERT, 1, 26, problem + "'0'");
        assertError("SET 'state.key-groups' = '32769';\n" + INSERT, 1, 26, problem + "'32769'");
        assertError("SET 'state.key-groups' = 'many';\n" + INSERT, 1, 26, problem + "'many'");
        assertEquals(Map.of("state.key-groups", "32768"),
                parse("SET 'state.key-groups' = '32768';\n" + INSERT).settings().values());
    }

    @Test
    void aSetAfterTheInsertIsAnError() {
        assertError(INSERT + "SET 'output-mode' = 'update';\n", 2, 1,
                "SET after the INSERT (line " + (SqlScriptTest.TABLES.lines().count() + 1) + ") does not apply to"
                        + " it; move the SET before the INSERT");
    }

    @Test
    void aSetWithoutQuotesIsExplained() {
        assertError("SET output_mode = 'update';\n" + INSERT, 1, 1,
                "SET takes a quoted key and value, such as SET 'output-mode' = 'update'");
    }

    @Test
    void aBadSetIsReportedBeforeALaterInsert() {
        assertError("SET 'output-mode' = 'sometimes';\nINSERT INTO nowhere SELECT 1;\n", 1, 21,
                "unknown output mode 'sometimes'; use append, update or complete");
    }
}
