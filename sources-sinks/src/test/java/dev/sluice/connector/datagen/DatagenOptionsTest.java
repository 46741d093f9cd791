package dev.sluice.connector.datagen;

import static dev.sluice.connector.testing.Columns.bigintColumn;
import static dev.sluice.connector.testing.Columns.dateColumn;
import static dev.sluice.connector.testing.Columns.decimalColumn;
import static dev.sluice.connector.testing.Columns.doubleColumn;
import static dev.sluice.connector.testing.Columns.intColumn;
import static dev.sluice.connector.testing.Columns.notNull;
import static dev.sluice.connector.testing.Columns.schema;
import static dev.sluice.connector.testing.Columns.timestampColumn;
import static dev.sluice.connector.testing.Columns.varcharColumn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.TableContext;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad datagen options fail when the table is created, with a message naming the table, option and value. */
class DatagenOptionsTest {
    private static final Schema COLUMNS = schema(bigintColumn("i"), intColumn("n"), doubleColumn("x"),
            decimalColumn("d", 6, 2), varcharColumn("s"), dateColumn("day"), timestampColumn("ts"),
            notNull(bigintColumn("id")));

    static Stream<Arguments> badOptions() {
        return Stream.of(
                bad(Map.of("number-of-rows", "-1"),
                        "option 'number-of-rows' = '-1': expected a number of rows, 0 or more"),
                bad(Map.of("rows-per-second", "0"),
                        "option 'rows-per-second' = '0': expected a positive number of rows, at most 1000000000000"),
                bad(Map.of("rows-per-batch", "ten"),
                        "option 'rows-per-batch' = 'ten': expected a positive number of rows"),
                bad(Map.of("seed", "0x10"), "option 'seed' = '0x10': expected an integer"),
                bad(Map.of("fields.n.kind", "random", "fields.n.min", "9", "fields.n.max", "3"),
                        "option 'fields.n.max' = '3': must not be below fields.n.min ('9')"),
                bad(Map.of("fields.n.end", "-1"),
                        "option 'fields.n.end' = '-1': must not be below fields.n.start (its default)"),
                bad(Map.of("fields.x.max", "-0.5"),
                        "option 'fields.x.max' = '-0.5': must not be below fields.x.min (its default)"),
                bad(Map.of("fields.x.min", "-1e308", "fields.x.max", "1e308"),
                        "option 'fields.x.max' = '1e308': the range from -1.0E308 is too wide for a DOUBLE"),
                bad(Map.of("fields.x.min", "NaN"),
                        "option 'fields.x.min' = 'NaN': expected a finite number for column 'x' (DOUBLE)"),
                bad(Map.of("fields.n.max", "3000000000"), "option 'fields.n.max' = '3000000000': expected an"
                        + " integer from -2147483648 to 2147483647 for column 'n' (INT)"),
                bad(Map.of("fields.x.kind", "sequence"), "option 'fields.x.kind' = 'sequence': a DOUBLE column"
                        + " cannot be a sequence; use 'random', or a computed column over a sequence (for example"
                        + " CAST(i AS DOUBLE))"),
                bad(Map.of("fields.i.kind", "randum"), "option 'fields.i.kind' = 'randum': expected 'sequence' or"
                        + " 'random'"),
                bad(Map.of("fields.i.length", "5"), "option 'fields.i.length' = '5': does not apply to a random"
                        + " column 'i' (BIGINT); it takes fields.i.kind, fields.i.null-rate, fields.i.min,"
                        + " fields.i.max"),
                bad(Map.of("fields.i.kind", "sequence", "fields.i.min", "5"), "option 'fields.i.min' = '5': does"
                        + " not apply to a sequence column 'i' (BIGINT); it takes fields.i.kind, fields.i.null-rate,"
                        + " fields.i.start, fields.i.end"),
                bad(Map.of("fields.i.start", "1", "fields.i.max", "5"), "option 'fields.i.start' = '1': does not"
                        + " apply to a random column 'i' (BIGINT); it takes fields.i.kind, fields.i.null-rate,"
                        + " fields.i.min, fields.i.max"),
                bad(Map.of("fields.s.min", "a"), "option 'fields.s.min' = 'a': does not apply to a random"
                        + " column 's' (VARCHAR); it takes fields.s.kind, fields.s.null-rate, fields.s.length"),
                bad(Map.of("fields.x.start", "1"), "option 'fields.x.start' = '1': does not apply to a random"
                        + " column 'x' (DOUBLE); it takes fields.x.kind, fields.x.null-rate, fields.x.min,"
                        + " fields.x.max"),
                bad(Map.of("fields.s.length", "-1"), "option 'fields.s.length' = '-1': expected an integer from 0"
                        + " to 1048576 for column 's' (VARCHAR)"),
                bad(Map.of("fields.n.null-rate", "1.5"),
                        "option 'fields.n.null-rate' = '1.5': expected a number from 0 to 1"),
                bad(Map.of("fields.id.null-rate", "0.1"),
                        "option 'fields.id.null-rate' = '0.1': column 'id' is NOT NULL"),
                bad(Map.of("fields.d.min", "1.234"), "option 'fields.d.min' = '1.234': has more than 2 digits"
                        + " after the point for column 'd' (DECIMAL(6, 2))"),
                bad(Map.of("fields.d.max", "10000"),
                        "option 'fields.d.max' = '10000': does not fit column 'd' (DECIMAL(6, 2))"),
                bad(Map.of("fields.ts.start", "2024-13-01 00:00:00"), "option 'fields.ts.start' ="
                        + " '2024-13-01 00:00:00': expected a timestamp yyyy-MM-dd HH:mm:ss[.SSS] (UTC) for"
                        + " column 'ts' (TIMESTAMP(3))"),
                bad(Map.of("fields.ts.start", "2024-01-01 00:00:01", "fields.ts.end", "2024-01-01 00:00:00"),
                        "option 'fields.ts.end' = '2024-01-01 00:00:00': must not be below fields.ts.start"
                                + " ('2024-01-01 00:00:01')"),
                bad(Map.of("fields.day.min", "2024-02-30"), "option 'fields.day.min' = '2024-02-30': expected a"
                        + " date yyyy-MM-dd for column 'day' (DATE)"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void badOptionIsNamedWithItsValue(Map<String, String> options, String expected) {
        ConnectorException error = assertThrows(ConnectorException.class,
                () -> DatagenReadTest.create(COLUMNS, options));
        assertEquals("datagen table t: " + expected, error.getMessage());
    }

    @Test
    void columnOfATypeDatagenCannotMakeIsNamed() {
        Schema schema = schema(bigintColumn("i"),
                new Field("f", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null));
        ConnectorException error = assertThrows(ConnectorException.class,
                () -> DatagenReadTest.create(schema, Map.of()));
        assertEquals("datagen table t: column 'f' has type FloatingPoint(SINGLE), which datagen cannot generate;"
                + " it makes BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL, VARCHAR, DATE and TIMESTAMP(3)",
                error.getMessage());
    }

    @Test
    void factoryCalledDirectlyStillRejectsOptionsOfMissingColumns() {
        ConnectorException error = assertThrows(ConnectorException.class, () -> new DatagenConnectorFactory()
                .createSource(TableContext.of("t", schema(bigintColumn("i")), Map.of("fields.j.kind", "random"))));
        assertTrue(error.getMessage().startsWith("datagen table t: option 'fields.j.kind' names no column option"),
                error.getMessage());
    }

    @Test
    void defaultsNeedNoOptionAtAll() {
        DatagenTable table = DatagenTable.parse("t", COLUMNS, Map.of());
        assertEquals(java.util.OptionalLong.of(DatagenOptions.DEFAULT_ROWS_PER_SECOND), table.rowsPerSecond());
        assertEquals(java.util.OptionalLong.empty(), table.numberOfRows());
        assertEquals(java.util.OptionalLong.empty(), table.rowsPerBatch());
        DatagenTable bounded = DatagenTable.parse("t", COLUMNS, Map.of("number-of-rows", "5"));
        assertEquals(java.util.OptionalLong.empty(), bounded.rowsPerSecond(), "a bounded table has no rate limit");
    }

    private static Arguments bad(Map<String, String> options, String expected) {
        return Arguments.of(options, expected);
    }
}
