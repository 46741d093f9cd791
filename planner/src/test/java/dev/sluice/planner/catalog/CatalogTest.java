package dev.sluice.planner.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.planner.SqlScript;
import dev.sluice.planner.sql.SqlScriptException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.junit.jupiter.api.Test;

class CatalogTest {
    private static Catalog catalog(String script) {
        return SqlScript.parse("job.sql", script).catalog();
    }

    private static CatalogTable table(String script) {
        return catalog(script).tables().get(0);
    }

    private static void assertError(String script, String message) {
        SqlScriptException error = assertThrows(SqlScriptException.class, () -> SqlScript.parse("job.sql", script));
        assertEquals(message, error.getMessage());
    }

    private static Field field(String name, boolean nullable, ArrowType type) {
        return new Field(name, new FieldType(nullable, type, null), null);
    }

    @Test
    void everyTypeMapsToTheArrowTypeConnectorsUse() {
        CatalogTable table = table("""
                CREATE TABLE everything (
                  b BOOLEAN, i INT, i2 INTEGER, l BIGINT NOT NULL, d DOUBLE, d2 DOUBLE PRECISION,
                  m DECIMAL(12, 3), m2 DECIMAL, m3 DECIMAL(5), s VARCHAR, s2 VARCHAR(10), s3 STRING,
                  dt DATE, ts TIMESTAMP(3), ts2 TIMESTAMP
                ) WITH ('connector' = 'datagen')
                """);

        assertEquals(new Schema(List.of(
                field("b", true, ArrowType.Bool.INSTANCE),
                field("i", true, new ArrowType.Int(32, true)),
                field("i2", true, new ArrowType.Int(32, true)),
                field("l", false, new ArrowType.Int(64, true)),
                field("d", true, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                field("d2", true, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                field("m", true, new ArrowType.Decimal(12, 3, 128)),
                field("m2", true, new ArrowType.Decimal(10, 0, 128)),
                field("m3", true, new ArrowType.Decimal(5, 0, 128)),
                field("s", true, ArrowType.Utf8.INSTANCE),
                field("s2", true, ArrowType.Utf8.INSTANCE),
                field("s3", true, ArrowType.Utf8.INSTANCE),
                field("dt", true, new ArrowType.Date(DateUnit.DAY)),
                field("ts", true, new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
                field("ts2", true, new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)))), table.physicalSchema());
        assertEquals(List.of(ColumnType.BOOLEAN, ColumnType.INT, ColumnType.INT, ColumnType.BIGINT, ColumnType.DOUBLE,
                ColumnType.DOUBLE, ColumnType.decimal(12, 3), ColumnType.decimal(10, 0), ColumnType.decimal(5, 0),
                ColumnType.VARCHAR, ColumnType.VARCHAR, ColumnType.VARCHAR, ColumnType.DATE, ColumnType.TIMESTAMP,
                ColumnType.TIMESTAMP), table.columns().stream().map(Column::type).toList());
    }

    @Test
    void columnTypesSpellAsSql() {
        assertEquals("DECIMAL(12, 3)", ColumnType.decimal(12, 3).toString());
        assertEquals("TIMESTAMP(3)", ColumnType.TIMESTAMP.toString());
        assertEquals("BIGINT", ColumnType.BIGINT.toString());
        assertThrows(IllegalArgumentException.class, () -> ColumnType.decimal(39, 0));
        assertThrows(IllegalArgumentException.class, () -> ColumnType.decimal(5, 6));
        assertThrows(IllegalArgumentException.class, () -> new ColumnType(ColumnType.Kind.TIMESTAMP, 6, 0));
    }

    @Test
    void calciteSeesEveryColumnInDeclaredOrderWithComputedOnes() {
        Catalog catalog = catalog("""
                CREATE TABLE t (i BIGINT NOT NULL, v AS MOD(i * 7919, 10000), name STRING, ts TIMESTAMP)
                  WITH ('connector' = 'datagen')
                """);

        RelDataType rowType = catalog.calciteSchema().getTable("T", false).getTable()
                .getRowType(new JavaTypeFactoryImpl());
        assertEquals("RecordType(BIGINT NOT NULL i, INTEGER NOT NULL v, VARCHAR name, TIMESTAMP(3) ts) NOT NULL",
                rowType.getFullTypeString().replaceAll(" CHARACTER SET \"[^\"]*\"", ""));
        CatalogTable table = catalog.table("t").orElseThrow();
        assertEquals(List.of("i", "name", "ts"), table.physicalColumns().stream().map(Column::name).toList());
    }

    @Test
    void computedColumnsAreValidatedAgainstThePhysicalColumns() {
        CatalogTable table = table("""
                CREATE TABLE t (
                  I BIGINT NOT NULL,
                  price DECIMAL(10, 2),
                  v AS MOD(i * 7919, 10000),
                  label AS CASE WHEN i > 5 THEN 'big' ELSE 'small' END,
                  total AS PRICE * 2,
                  code AS CAST(i AS VARCHAR)
                ) WITH ('connector' = 'datagen')
                """);

        List<ComputedColumn> computed = table.computedColumns();
        assertEquals(List.of("v", "label", "total", "code"), computed.stream().map(Column::name).toList());
        assertEquals(ColumnType.INT, computed.get(0).type());
        assertFalse(computed.get(0).nullable());
        assertEquals("MOD(`I` * 7919, 10000)", computed.get(0).expressionSql());
        assertEquals(ColumnType.VARCHAR, computed.get(1).type());
        assertEquals(ColumnType.decimal(20, 2), computed.get(2).type());
        assertTrue(computed.get(2).nullable());
        assertEquals("`price` * 2", computed.get(2).expressionSql());
        assertEquals(ColumnType.VARCHAR, computed.get(3).type());
    }

    @Test
    void theWatermarkNamesItsColumnAndDelay() {
        assertEquals(new Watermark("ts", Duration.ofSeconds(5), "ts - INTERVAL '5' SECOND"), table("""
                CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR TS AS Ts - INTERVAL '5' SECOND)
                  WITH ('connector' = 'datagen')
                """.replace("Ts - ", "ts - ")).watermark().orElseThrow());
        assertEquals(Duration.ofMillis(1500), delay("ts - INTERVAL '1.5' SECOND"));
        assertEquals(Duration.ofMinutes(2), delay("ts - INTERVAL '2' MINUTE"));
        assertEquals(Duration.ofMillis(61_250), delay("ts - INTERVAL '1:01.25' MINUTE TO SECOND"));
        assertEquals(Duration.ZERO, delay("ts"));
        assertTrue(table("CREATE TABLE t (ts TIMESTAMP(3)) WITH ('connector' = 'x')").watermark().isEmpty());
    }

    private static Duration delay(String expression) {
        return table("CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS " + expression
                + ") WITH ('connector' = 'x')").watermark().orElseThrow().delay();
    }

    @Test
    void nexmarkStyleDdlWithAWatermarkOnAComputedColumn() {
        Catalog catalog = catalog("""
                CREATE TABLE datagen (
                    event_type INT,
                    auction BIGINT,
                    bidder BIGINT,
                    price BIGINT,
                    channel VARCHAR,
                    url VARCHAR,
                    bidTime TIMESTAMP(3),
                    extra VARCHAR,
                    dateTime AS CASE WHEN event_type = 2 THEN bidTime ELSE NULL END,
                    WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND
                ) WITH (
                    'connector' = 'datagen',
                    'rows-per-second' = '10000000',
                    'fields.event_type.kind' = 'sequence'
                );
                CREATE VIEW bid AS
                SELECT auction, bidder, price, channel, url, dateTime, extra FROM datagen WHERE event_type = 2;
                """);

        CatalogTable datagen = catalog.table("datagen").orElseThrow();
        assertEquals(new Watermark("dateTime", Duration.ofSeconds(4), "dateTime - INTERVAL '4' SECOND"),
                datagen.watermark().orElseThrow());
        assertEquals(ColumnType.TIMESTAMP, datagen.column("DATETIME").orElseThrow().type());
        assertEquals(Map.of("connector", "datagen", "rows-per-second", "10000000", "fields.event_type.kind",
                "sequence"), datagen.options());
        assertEquals(List.of("connector", "rows-per-second", "fields.event_type.kind"),
                List.copyOf(datagen.options().keySet()));
        assertEquals("datagen", datagen.connector());
        CatalogView bid = catalog.view("BID").orElseThrow();
        assertEquals(List.of("auction", "bidder", "price", "channel", "url", "dateTime", "extra"), bid.columnNames());
    }

    @Test
    void aViewsColumnListRenamesItsColumns() {
        Catalog catalog = catalog("""
                CREATE TABLE t (a BIGINT, b VARCHAR) WITH ('connector' = 'x');
                CREATE VIEW v (x, y) AS SELECT a, b FROM t;
                """);

        assertEquals(List.of("x", "y"), catalog.view("v").orElseThrow().columnNames());
        RelDataType rowType = catalog.calciteSchema().getTable("v", false).getTable()
                .getRowType(new JavaTypeFactoryImpl());
        assertEquals("RecordType(BIGINT x, VARCHAR y)", rowType.toString());
    }

    @Test
    void namesMatchIgnoringCaseAndKeepTheirSpelling() {
        Catalog catalog = catalog("CREATE TABLE Events (dateTime TIMESTAMP(3)) WITH ('connector' = 'x')");

        CatalogTable table = catalog.table("EVENTS").orElseThrow();
        assertEquals("Events", table.name());
        assertEquals("dateTime", table.column("datetime").orElseThrow().name());
        assertTrue(catalog.view("events").isEmpty());
    }

    @Test
    void theCalciteTableUnwrapsToTheCatalogTable() {
        Catalog catalog = catalog("CREATE TABLE t (a INT) WITH ('connector' = 'x')");

        CalciteTable calciteTable = assertInstanceOf(CalciteTable.class,
                catalog.calciteSchema().getTable("t", true).getTable());
        assertSame(catalog.table("t").orElseThrow(), calciteTable.unwrap(CatalogTable.class));
    }

    @Test
    void duplicateColumnsAreErrorsEvenInAnotherCase() {
        assertError("CREATE TABLE t (a BIGINT, b INT, A DOUBLE) WITH ('connector' = 'x')",
                "job.sql:1:34: duplicate column 'A' in table 't' (first declared at line 1, column 17)");
        assertError("CREATE TABLE t (a BIGINT, a AS 1) WITH ('connector' = 'x')",
                "job.sql:1:27: duplicate column 'a' in table 't' (first declared at line 1, column 17)");
    }

    @Test
    void unsupportedTypesAreErrorsAtTheType() {
        String supported = "; supported types: BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(p, s), VARCHAR (or STRING), DATE,"
                + " TIMESTAMP(3)";
        assertError("CREATE TABLE t (a BIGINT, b TINYINT) WITH ('connector' = 'x')",
                "job.sql:1:29: unsupported type 'TINYINT' for column 'b' of table 't'; use INT" + supported);
        assertError("CREATE TABLE t (a BIGINT,\n  b FLOAT) WITH ('connector' = 'x')",
                "job.sql:2:5: unsupported type 'FLOAT' for column 'b' of table 't'; use DOUBLE" + supported);
        assertError("CREATE TABLE t (b CHAR(3)) WITH ('connector' = 'x')",
                "job.sql:1:19: unsupported type 'CHAR(3)' for column 'b' of table 't'; use VARCHAR" + supported);
        assertError("CREATE TABLE t (b TIME) WITH ('connector' = 'x')",
                "job.sql:1:19: unsupported type 'TIME' for column 'b' of table 't'" + supported);
        assertError("CREATE TABLE t (b ROW(x INT)) WITH ('connector' = 'x')",
                "job.sql:1:17: unsupported type 'ROW(x INTEGER)' for column 'b' of table 't'" + supported);
        assertError("CREATE TABLE t (b STRNG) WITH ('connector' = 'x')",
                "job.sql:1:19: unknown type 'STRNG' for column 'b' of table 't' (did you mean 'STRING'?)" + supported);
        assertError("CREATE TABLE t (b TIMESTAMP(6)) WITH ('connector' = 'x')",
                "job.sql:1:19: unsupported type 'TIMESTAMP(6)' for column 'b' of table 't': timestamps have"
                        + " millisecond precision; use TIMESTAMP(3)");
        assertError("CREATE TABLE t (b DECIMAL(40, 2)) WITH ('connector' = 'x')",
                "job.sql:1:19: DECIMAL precision must be 1 to 38, not 40");
        assertError("CREATE TABLE t (b DECIMAL(4, 6)) WITH ('connector' = 'x')",
                "job.sql:1:19: DECIMAL scale 6 is larger than its precision 4");
    }

    @Test
    void watermarkErrorsNameTheColumnAndTheRule() {
        assertError("CREATE TABLE t (a BIGINT, tss TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'x')",
                "job.sql:1:59: watermark on unknown column 'ts' in table 't' (did you mean 'tss'?)");
        assertError("CREATE TABLE t (a BIGINT, WATERMARK FOR a AS a) WITH ('connector' = 'x')",
                "job.sql:1:41: watermark column 'a' of table 't' is BIGINT; it must be TIMESTAMP(3)");
        assertError("CREATE TABLE t (a BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS a) WITH ('connector' = 'x')",
                "job.sql:1:64: the watermark expression of table 't' is BIGINT; it must be TIMESTAMP(3), such as"
                        + " ts - INTERVAL '5' SECOND");
        assertError("CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts + INTERVAL '1' SECOND)"
                        + " WITH ('connector' = 'x')",
                "job.sql:1:54: the watermark expression of table 't' must be 'ts' or 'ts - INTERVAL ...' (the"
                        + " watermark is the largest event time seen minus a fixed delay)");
        assertError("CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' MONTH)"
                        + " WITH ('connector' = 'x')",
                "job.sql:1:59: a watermark delay must be a fixed length of time (DAY, HOUR, MINUTE or SECOND), not"
                        + " months or years");
        assertError("CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '-1' SECOND)"
                        + " WITH ('connector' = 'x')",
                "job.sql:1:59: a watermark delay cannot be negative");
        assertError("CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts,\n WATERMARK FOR ts AS ts)"
                        + " WITH ('connector' = 'x')",
                "job.sql:2:2: table 't' has more than one WATERMARK (the first is at line 1, column 34)");
        assertError("CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS tz - INTERVAL '1' SECOND)"
                        + " WITH ('connector' = 'x')",
                "job.sql:1:54: unknown column 'tz' in table 't' (did you mean 'ts'?)");
    }

    @Test
    void computedColumnErrors() {
        assertError("CREATE TABLE t (amount BIGINT, v AS amont + 1) WITH ('connector' = 'x')",
                "job.sql:1:37: unknown column 'amont' in table 't' (did you mean 'amount'?)");
        assertError("CREATE TABLE t (a BIGINT, v AS a + 1, w AS v * 2) WITH ('connector' = 'x')",
                "job.sql:1:44: computed column 'w' cannot use computed column 'v'; use the physical columns it is"
                        + " computed from");
        assertError("CREATE TABLE t (a BIGINT, v AS NOT a) WITH ('connector' = 'x')",
                "job.sql:1:32: type mismatch: cannot apply 'NOT' to arguments of type 'NOT<BIGINT>'; expected"
                        + " 'NOT<BOOLEAN>'");
        assertError("CREATE TABLE t (a BIGINT, v AS RAND()) WITH ('connector' = 'x')",
                "job.sql:1:32: computed column 'v' of table 't' uses RAND, which is not deterministic; a replayed"
                        + " batch must compute the same values");
        assertError("CREATE TABLE t (a BIGINT, v AS SUM(a)) WITH ('connector' = 'x')",
                "job.sql:1:32: computed column 'v' of table 't' uses SUM, which needs many rows; a computed column is"
                        + " computed from one row");
        assertError("CREATE TABLE t (a BIGINT, v AS CAST(a AS SMALLINT)) WITH ('connector' = 'x')",
                "job.sql:1:32: computed column 'v' of table 't' is SMALLINT, which a table column cannot be; CAST it"
                        + " to one of BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(p, s), VARCHAR (or STRING), DATE,"
                        + " TIMESTAMP(3)");
    }

    @Test
    void optionAndNameErrors() {
        assertError("CREATE TABLE t (a BIGINT) WITH ('conector' = 'x')",
                "job.sql:1:32: table 't' has no 'connector' option; add WITH ('connector' = '...') (is 'conector'"
                        + " meant to be 'connector'?)");
        assertError("CREATE TABLE t (a BIGINT)",
                "job.sql:1:14: table 't' has no 'connector' option; add WITH ('connector' = '...')");
        assertError("CREATE TABLE t (a BIGINT) WITH ('connector' = 'x', 'path' = 'a',\n 'path' = 'b')",
                "job.sql:2:2: duplicate option 'path' in table 't'");
        assertError("CREATE TABLE t (a BIGINT) WITH ('connector' = 'x');\n"
                        + "CREATE TABLE T (b INT) WITH ('connector' = 'x')",
                "job.sql:2:14: table 't' is already defined at line 1, column 14");
        assertError("CREATE TABLE t (a BIGINT) WITH ('connector' = 'x');\nCREATE VIEW T AS SELECT a FROM t",
                "job.sql:2:13: table 't' is already defined at line 1, column 14");
        assertError("CREATE TABLE db.t (a BIGINT) WITH ('connector' = 'x')",
                "job.sql:1:14: use a plain name, not the qualified name 'db.t': a script has one namespace of tables"
                        + " and views");
        assertError("CREATE OR REPLACE TABLE t (a BIGINT) WITH ('connector' = 'x')",
                "job.sql:1:1: CREATE OR REPLACE is not supported: a script defines each table once");
    }

    @Test
    void viewErrors() {
        String table = "CREATE TABLE t (a BIGINT) WITH ('connector' = 'x');\n";
        assertError(table + "CREATE VIEW v (x, y) AS SELECT a FROM t",
                "job.sql:2:15: view 'v' names 2 columns but its query gives 1");
        assertError(table + "CREATE VIEW v AS SELECT a, a FROM t",
                "job.sql:2:18: duplicate column 'a' in view 'v'; give one of them another name with AS");
        assertError(table + "CREATE VIEW v AS SELECT b FROM t",
                "job.sql:2:25: unknown column 'b' in table 't'");
        assertError("CREATE TABLE events (a BIGINT) WITH ('connector' = 'x');\nCREATE VIEW v AS SELECT a FROM evnts",
                "job.sql:2:32: unknown table 'evnts' (did you mean 'events'?)");
    }

    @Test
    void theCatalogAsksTheOptionsHookAboutEachTableInEachRoleItIsUsed() {
        List<ConnectorOptionsRequest> requests = new java.util.ArrayList<>();
        SqlScript.parse("job.sql", """
                CREATE TABLE src (k BIGINT NOT NULL, v AS k * 2, ts TIMESTAMP(3)) WITH ('connector' = 'datagen',
                  'number-of-rows' = '10');
                CREATE TABLE unused (k BIGINT) WITH ('connector' = 'datagen');
                CREATE TABLE snk (k BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/out');
                CREATE VIEW doubled AS SELECT v FROM src;
                INSERT INTO snk SELECT v FROM doubled;
                INSERT INTO snk SELECT k FROM snk;
                """, requests::add);

        Schema sourceSchema = new Schema(List.of(field("k", false, new ArrowType.Int(64, true)),
                field("ts", true, new ArrowType.Timestamp(TimeUnit.MILLISECOND, null))));
        Schema sinkSchema = new Schema(List.of(field("k", true, new ArrowType.Int(64, true))));
        assertEquals(List.of(
                new ConnectorOptionsRequest("src", "datagen", Map.of("connector", "datagen", "number-of-rows", "10"),
                        sourceSchema, TableRole.SOURCE),
                new ConnectorOptionsRequest("snk", "filesystem", Map.of("connector", "filesystem", "path", "/tmp/out"),
                        sinkSchema, TableRole.SINK),
                new ConnectorOptionsRequest("snk", "filesystem", Map.of("connector", "filesystem", "path", "/tmp/out"),
                        sinkSchema, TableRole.SOURCE)), requests);
    }

    @Test
    void aRejectedOptionIsReportedAtThatOption() {
        String script = """
                CREATE TABLE src (k BIGINT) WITH ('connector' = 'datagen',
                  'rows-per-secnd' = '10');
                CREATE TABLE snk (k BIGINT) WITH ('connector' = 'blackhole');
                INSERT INTO snk SELECT k FROM src;
                """;
        ConnectorOptionsValidator validator = request -> {
            if (request.options().containsKey("rows-per-secnd")) {
                throw new InvalidConnectorOptionsException("rows-per-secnd", "table " + request.tableName()
                        + ": unknown datagen source option 'rows-per-secnd' (did you mean 'rows-per-second'?)");
            }
        };

        SqlScriptException error = assertThrows(SqlScriptException.class,
                () -> SqlScript.parse("job.sql", script, validator));
        assertEquals("job.sql:2:3: table src: unknown datagen source option 'rows-per-secnd' (did you mean"
                + " 'rows-per-second'?)", error.getMessage());
    }

    @Test
    void aProblemWithNoSingleOptionIsReportedAtTheTableName() {
        String script = """
                CREATE TABLE src (k BIGINT) WITH ('connector' = 'datagen');
                CREATE TABLE snk (k BIGINT) WITH ('connector' = 'datagen');
                INSERT INTO snk SELECT k FROM src;
                """;
        ConnectorOptionsValidator validator = request -> {
            if (request.role() == TableRole.SINK) {
                throw new InvalidConnectorOptionsException(null, "connector 'datagen' cannot be written to (table "
                        + request.tableName() + "); it is a source only");
            }
        };

        SqlScriptException error = assertThrows(SqlScriptException.class,
                () -> SqlScript.parse("job.sql", script, validator));
        assertEquals("job.sql:2:14: connector 'datagen' cannot be written to (table snk); it is a source only",
                error.getMessage());
    }
}
