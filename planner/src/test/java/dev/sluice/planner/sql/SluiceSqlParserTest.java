package dev.sluice.planner.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.Litmus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SluiceSqlParserTest {
    private static List<SqlNode> parse(String text) {
        return SluiceSqlParser.parseScript(new SqlSource("job.sql", text));
    }

    private static SqlCreateTable parseTable(String text) {
        return assertInstanceOf(SqlCreateTable.class, parse(text).get(0));
    }

    private static SqlScriptException syntaxError(String text) {
        return assertThrows(SqlScriptException.class, () -> parse(text));
    }

    @Test
    void parsesPhysicalColumnsWithTypesAndNotNull() {
        SqlCreateTable table = parseTable("CREATE TABLE t (a BIGINT NOT NULL, b VARCHAR(20), c DECIMAL(10, 2))"
                + " WITH ('connector' = 'datagen')");

        assertEquals("t", table.name().getSimple());
        assertEquals(3, table.columns().size());
        SqlPhysicalColumn a = assertInstanceOf(SqlPhysicalColumn.class, table.columns().get(0));
        assertEquals("a", a.name().getSimple());
        assertTrue(a.notNull());
        SqlPhysicalColumn b = assertInstanceOf(SqlPhysicalColumn.class, table.columns().get(1));
        assertFalse(b.notNull());
        SqlBasicTypeNameSpec varchar = assertInstanceOf(SqlBasicTypeNameSpec.class, b.type().getTypeNameSpec());
        assertEquals(20, varchar.getPrecision());
        SqlBasicTypeNameSpec decimal = assertInstanceOf(SqlBasicTypeNameSpec.class,
                ((SqlPhysicalColumn) table.columns().get(2)).type().getTypeNameSpec());
        assertEquals(SqlTypeName.DECIMAL.name(), decimal.getTypeName().getSimple());
        assertEquals(10, decimal.getPrecision());
        assertEquals(2, decimal.getScale());
        assertTrue(table.watermarks().isEmpty());
    }

    @Test
    void parsesComputedColumnsAndWatermarkInDeclaredOrder() {
        SqlCreateTable table = parseTable("""
                CREATE TABLE bid (
                  auction BIGINT,
                  price BIGINT,
                  dateTime TIMESTAMP(3),
                  v AS MOD(price * 7919, 10000),
                  WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND,
                  label AS CASE WHEN price > 100 THEN 'high' ELSE 'low' END
                ) WITH ('connector' = 'datagen')
                """);

        assertEquals(6, table.elements().size());
        assertEquals(5, table.columns().size());
        SqlComputedColumn v = assertInstanceOf(SqlComputedColumn.class, table.columns().get(3));
        assertEquals("v", v.name().getSimple());
        assertEquals("MOD(`price` * 7919, 10000)", SluiceSqlParser.unparse(v.expression()));
        assertInstanceOf(SqlComputedColumn.class, table.columns().get(4));
        SqlWatermark watermark = table.watermarks().get(0);
        assertEquals("dateTime", watermark.column().getSimple());
        assertEquals(SqlKind.MINUS, watermark.expression().getKind());
        assertInstanceOf(SqlWatermark.class, table.elements().get(4));
    }

    @Test
    void watermarkStaysUsableAsAName() {
        List<SqlNode> statements = parse("""
                CREATE TABLE watermark (watermark TIMESTAMP(3), WATERMARK FOR watermark AS watermark)
                  WITH ('connector' = 'x');
                CREATE TABLE sink (watermark TIMESTAMP(3), w AS watermark) WITH ('connector' = 'x');
                INSERT INTO sink SELECT watermark FROM watermark WHERE watermark IS NOT NULL
                """);

        SqlCreateTable table = assertInstanceOf(SqlCreateTable.class, statements.get(0));
        assertEquals("watermark", table.name().getSimple());
        assertEquals("watermark", ((SqlPhysicalColumn) table.columns().get(0)).name().getSimple());
        assertEquals("watermark", table.watermarks().get(0).column().getSimple());
        SqlCreateTable sink = assertInstanceOf(SqlCreateTable.class, statements.get(1));
        assertEquals("watermark", SluiceSqlParser.unparse(((SqlComputedColumn) sink.columns().get(1)).expression())
                .replace("`", ""));
        assertInstanceOf(SqlInsert.class, statements.get(2));
    }

    @Test
    void readsOptionsWithQuotesAndContinuedLiterals() {
        SqlCreateTable table = parseTable("""
                CREATE TABLE t (a INT) WITH (
                  'connector' = 'filesystem',
                  'path' = '/data/it''s here',
                  'format' = 'c' 'sv',
                  'fields.a.kind' = ''
                )
                """);

        List<SqlTableOption> options = table.options().stream().map(SqlTableOption.class::cast).toList();
        assertEquals(List.of("connector", "path", "format", "fields.a.kind"),
                options.stream().map(SqlTableOption::keyText).toList());
        assertEquals(List.of("filesystem", "/data/it's here", "csv", ""),
                options.stream().map(SqlTableOption::valueText).toList());
    }

    @Test
    void aBinaryLiteralIsNotOptionText() {
        SqlCreateTable table = parseTable("CREATE TABLE t (a INT) WITH (X'0F' = 'v')");

        assertNull(((SqlTableOption) table.options().get(0)).keyText());
    }

    @Test
    void aTableWithoutWithHasNoOptions() {
        assertTrue(parseTable("CREATE TABLE t (a INT)").options().isEmpty());
    }

    @Test
    void stringIsATypeName() {
        SqlCreateTable table = parseTable("CREATE TABLE t (s STRING) WITH ('connector' = 'x')");

        SqlUserDefinedTypeNameSpec type = assertInstanceOf(SqlUserDefinedTypeNameSpec.class,
                ((SqlPhysicalColumn) table.columns().get(0)).type().getTypeNameSpec());
        assertEquals("STRING", type.getTypeName().getSimple());
    }

    @Test
    void parsesViewsWithAndWithoutColumnNames() {
        List<SqlNode> statements = parse("""
                CREATE VIEW v AS SELECT a FROM t;
                CREATE VIEW w (x, y) AS SELECT a, b FROM t WHERE a > 1
                """);

        SqlCreateView v = assertInstanceOf(SqlCreateView.class, statements.get(0));
        assertEquals("v", v.name().getSimple());
        assertNull(v.columnNames());
        assertInstanceOf(SqlSelect.class, v.query());
        SqlCreateView w = assertInstanceOf(SqlCreateView.class, statements.get(1));
        assertEquals(List.of("x", "y"), w.columnNames().stream().map(n -> ((SqlIdentifier) n).getSimple()).toList());
    }

    @Test
    void splitsAScriptIntoStatementsSkippingEmptyOnesAndComments() {
        List<SqlNode> statements = parse("""
                -- the source
                CREATE TABLE t (a INT) WITH ('connector' = 'x');;
                /* the sink */
                CREATE TABLE s (a INT) WITH ('connector' = 'y');
                INSERT INTO s SELECT a FROM t;
                """);

        assertEquals(3, statements.size());
        assertEquals(SqlKind.CREATE_TABLE, statements.get(0).getKind());
        assertEquals(SqlKind.CREATE_TABLE, statements.get(1).getKind());
        assertEquals(SqlKind.INSERT, statements.get(2).getKind());
        assertEquals(5, statements.get(2).getParserPosition().getLineNum());
    }

    @Test
    void anEmptyScriptHasNoStatements() {
        assertEquals(List.of(), parse(""));
        assertEquals(List.of(), parse("-- nothing yet\n"));
    }

    @Test
    void identifiersKeepTheirCase() {
        SqlCreateTable table = parseTable("CREATE TABLE Bids (dateTime TIMESTAMP(3), `Price` BIGINT)"
                + " WITH ('connector' = 'x')");

        assertEquals("Bids", table.name().getSimple());
        assertEquals("dateTime", ((SqlPhysicalColumn) table.columns().get(0)).name().getSimple());
        assertEquals("Price", ((SqlPhysicalColumn) table.columns().get(1)).name().getSimple());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE TABLE t (a BIGINT NOT NULL, b VARCHAR(20), c DECIMAL(10, 2), s STRING, `select` INT,"
                + " d DATE, ts TIMESTAMP(3), v AS MOD(a * 7919, 10000),"
                + " WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen', 'k' = 'it''s')",
        "CREATE TABLE t (a INT)",
        "CREATE VIEW v (x, y) AS SELECT a, b FROM t WHERE a > 1",
        "INSERT INTO s SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
                + " GROUP BY window_start",
        "INSERT INTO s SELECT * FROM TABLE(SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), INTERVAL '1' MINUTE))",
        "INSERT INTO s SELECT * FROM TABLE(CUMULATE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' SECOND,"
                + " INTERVAL '1' MINUTE))",
        "SET 'output-mode' = 'update'",
    })
    void unparsedStatementsParseBackToTheSameTree(String statement) {
        SqlNode parsed = parse(statement).get(0);
        String unparsed = SluiceSqlParser.unparse(parsed);
        SqlNode reparsed = parse(unparsed).get(0);

        assertTrue(parsed.equalsDeep(reparsed, Litmus.IGNORE), () -> statement + "\nbecame\n" + unparsed);
        assertEquals(unparsed, SluiceSqlParser.unparse(reparsed));
    }

    @Test
    void parsesSetWithAQuotedKeyAndValue() {
        List<SqlNode> statements = parse("SET 'output-mode' = 'update';\nset 'state.key-groups' = '256';");

        SqlSetting first = assertInstanceOf(SqlSetting.class, statements.get(0));
        assertEquals("output-mode", first.keyText());
        assertEquals("update", first.valueText());
        assertEquals(1, first.getParserPosition().getLineNum());
        SqlSetting second = assertInstanceOf(SqlSetting.class, statements.get(1));
        assertEquals("state.key-groups", second.keyText());
        assertEquals("256", second.valueText());
        assertEquals("SET 'output-mode' = 'update'", SluiceSqlParser.unparse(first));
    }

    @Test
    void aSetValueMustBeAString() {
        assertEquals("job.sql:1:26: syntax error at '256'; expected a string literal",
                syntaxError("SET 'state.key-groups' = 256;").getMessage());
    }

    @Test
    void unparsesDdlReadably() {
        SqlNode table = parse("create table t (a bigint not null, v as a + 1, watermark for ts as ts - interval '5'"
                + " second) with ('connector' = 'x', 'k' = 'it''s')").get(0);

        assertEquals("CREATE TABLE `t` (`a` BIGINT NOT NULL, `v` AS `a` + 1, WATERMARK FOR `ts` AS `ts` - INTERVAL '5'"
                + " SECOND) WITH ('connector' = 'x', 'k' = 'it''s')", SluiceSqlParser.unparse(table));
    }

    @Test
    void aMissingSemicolonBetweenStatementsIsNamed() {
        SqlScriptException error = syntaxError("CREATE TABLE t (a INT) WITH ('connector' = 'x')\n"
                + "CREATE TABLE u (a INT) WITH ('connector' = 'x')");

        assertEquals("job.sql:2:1: syntax error at 'CREATE' (is a ';' missing between two statements?)",
                error.getMessage());
    }

    @Test
    void aMisplacedTokenIsNamedWithWhatWasExpected() {
        SqlScriptException error = syntaxError("CREATE TABLE t (a BIGINT,) WITH ('connector' = 'x')");

        assertEquals("job.sql:1:26: syntax error at ')'; expected a name", error.getMessage());
        assertEquals(1, error.line());
        assertEquals(26, error.column());
    }

    @Test
    void anOptionValueMustBeAString() {
        SqlScriptException error = syntaxError("CREATE TABLE t (a INT) WITH ('rows' = 10)");

        assertEquals("job.sql:1:39: syntax error at '10'; expected a string literal", error.getMessage());
    }

    @Test
    void anUnfinishedStatementIsTheEndOfTheScript() {
        SqlScriptException error = syntaxError("CREATE TABLE t (a INT) WITH ('connector' = 'x');\n"
                + "INSERT INTO t SELECT");

        assertEquals(2, error.line());
        assertTrue(error.problem().startsWith("unexpected end of script"), error.getMessage());
    }

    @Test
    void anUnclosedStringIsReportedWhereItStarts() {
        SqlScriptException error = syntaxError("INSERT INTO t\nSELECT a FROM s WHERE name = 'abc;\n");

        assertEquals("job.sql:2:30: string literal is not closed (a ' is missing)", error.getMessage());
    }

    @Test
    void anUnclosedCommentIsReportedWhereItStarts() {
        SqlScriptException error = syntaxError("CREATE TABLE t (a INT) WITH ('connector' = 'x'); /* unclosed\n\n");

        assertEquals("job.sql:1:50: comment is not closed (*/ is missing)", error.getMessage());
    }

    @Test
    void doubleQuotesAreExplained() {
        SqlScriptException error = syntaxError("INSERT INTO t SELECT a FROM s WHERE name = \"abc\"");

        assertEquals("job.sql:1:44: unexpected '\"': quote names with back-ticks (`name`) and strings with single"
                + " quotes ('text')", error.getMessage());
    }

    @Test
    void aStrayCharacterIsNamed() {
        SqlScriptException error = syntaxError("INSERT INTO t SELECT a FROM s WHERE # 1");

        assertEquals("job.sql:1:37: unexpected character '#'", error.getMessage());
    }

    @Test
    void linesAndColumnsCountFromOneWithTabsAsOneColumn() {
        SqlScriptException error = syntaxError("\r\n\tCREATE TABLE t (a BIGINT,)");

        assertEquals(2, error.line());
        assertEquals(27, error.column());
        assertEquals("\tCREATE TABLE t (a BIGINT,)", error.sourceLine());
    }

    @Test
    void anErrorNeverShowsTheParserStackTrace() {
        SqlScriptException error = syntaxError("SELECT FROM WHERE");

        assertFalse(error.getMessage().contains("Was expecting"), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
    }
}
