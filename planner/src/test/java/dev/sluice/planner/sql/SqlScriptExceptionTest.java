package dev.sluice.planner.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.calcite.sql.parser.SqlParserPos;
import org.junit.jupiter.api.Test;

class SqlScriptExceptionTest {
    private static final String NEWLINE = System.lineSeparator();

    @Test
    void theMessageStartsWithFileLineAndColumn() {
        SqlScriptException error = new SqlSource("job.sql", "a\nSELECT vaule FROM events")
                .error(new SqlParserPos(2, 8), "unknown column 'vaule'");

        assertEquals("job.sql:2:8: unknown column 'vaule'", error.getMessage());
        assertEquals("job.sql", error.fileName());
        assertEquals(2, error.line());
        assertEquals(8, error.column());
        assertEquals("unknown column 'vaule'", error.problem());
    }

    @Test
    void formatShowsTheLineWithACaretUnderTheColumn() {
        SqlScriptException error = new SqlSource("job.sql", "a\nSELECT vaule FROM events\nb")
                .error(new SqlParserPos(2, 8), "unknown column 'vaule'");

        assertEquals("job.sql:2:8: unknown column 'vaule'" + NEWLINE
                + "  SELECT vaule FROM events" + NEWLINE
                + "         ^", error.format());
    }

    @Test
    void theCaretFollowsTabs() {
        SqlScriptException error = new SqlSource("job.sql", "\tSELECT x")
                .error(new SqlParserPos(1, 9), "unknown column 'x'");

        assertEquals("job.sql:1:9: unknown column 'x'" + NEWLINE
                + "  \tSELECT x" + NEWLINE
                + "  \t       ^", error.format());
    }

    @Test
    void linesSplitAtEveryKindOfLineBreak() {
        SqlSource source = new SqlSource("job.sql", "one\r\ntwo\rthree\nfour");

        assertEquals("two", source.line(2));
        assertEquals("three", source.line(3));
        assertEquals("four", source.line(4));
        assertEquals("", source.line(5));
    }

    @Test
    void positionsStartAtOne() {
        assertThrows(IllegalArgumentException.class, () -> new SqlScriptException("job.sql", 0, 1, "x", "", null));
        assertThrows(IllegalArgumentException.class, () -> new SqlScriptException("job.sql", 1, 0, "x", "", null));
    }
}
