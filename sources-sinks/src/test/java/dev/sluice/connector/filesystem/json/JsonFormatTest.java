package dev.sluice.connector.filesystem.json;

import static dev.sluice.connector.filesystem.TestBatches.BIGINT;
import static dev.sluice.connector.filesystem.TestBatches.BOOLEAN;
import static dev.sluice.connector.filesystem.TestBatches.DATE;
import static dev.sluice.connector.filesystem.TestBatches.DOUBLE;
import static dev.sluice.connector.filesystem.TestBatches.INT;
import static dev.sluice.connector.filesystem.TestBatches.TIMESTAMP;
import static dev.sluice.connector.filesystem.TestBatches.VARCHAR;
import static dev.sluice.connector.filesystem.TestBatches.column;
import static dev.sluice.connector.filesystem.TestBatches.decimal;
import static dev.sluice.connector.filesystem.TestBatches.row;
import static dev.sluice.connector.filesystem.TestBatches.schema;
import static dev.sluice.connector.filesystem.TestBatches.timestamp;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.connector.MalformedRecordException;
import dev.sluice.connector.filesystem.FileFormat;
import dev.sluice.connector.filesystem.TestFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFormatTest {
    private static final Schema ALL_TYPES = schema(column("b", BOOLEAN), column("i", INT), column("l", BIGINT),
            column("d", DOUBLE), column("m", decimal(10, 2)), column("w", decimal(38, 10)), column("s", VARCHAR),
            column("dt", DATE), column("ts", TIMESTAMP));

    private static final Schema SMALL = schema(column("id", BIGINT), column("name", VARCHAR), column("ts", TIMESTAMP));

    @TempDir
    Path temp;

    private Path file(String name, String content) throws IOException {
        Path file = temp.resolve(name);
        Files.writeString(file, content, UTF_8);
        return file;
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value).setScale(2);
    }

    private static BigDecimal wide(String value) {
        return new BigDecimal(value).setScale(10);
    }

    @Test
    void awkwardValuesSurviveARoundTrip() throws IOException {
        List<List<Object>> rows = List.of(
                row(true, Integer.MIN_VALUE, Long.MIN_VALUE, 0.1, money("-12345678.90"),
                        wide("1234567890123456789012345678.0123456789"), "quote \" backslash \\ tab \t newline \n",
                        LocalDate.of(1970, 1, 1), timestamp("1970-01-01 00:00:00")),
                row(false, Integer.MAX_VALUE, Long.MAX_VALUE, 1e300, money("0"), wide("-1"),
                        "\uD83D\uDE00 non-BMP \u2713 \u00fcmlaut \u4e2d\u6587 \u0000 control", LocalDate.of(0, 1, 1),
                        timestamp("9999-12-31 23:59:59.999")),
                row(null, null, null, null, null, null, null, null, null),
                row(true, 0, 0L, -0.0, money("0.01"), wide("0"), "", LocalDate.of(2024, 2, 29),
                        timestamp("1969-12-31 23:59:59.999")),
                row(false, -1, -1L, Double.NaN, null, null, "NULL", null, null),
                row(false, -1, -1L, Double.POSITIVE_INFINITY, null, null, "null", null, null),
                row(false, -1, -1L, Double.NEGATIVE_INFINITY, null, null, "{}", null, null),
                row(false, -1, -1L, Double.MIN_VALUE, null, null, "[1]", null, null));
        Path file = temp.resolve("awkward.json");
        Files.write(file, TestFiles.encode(FileFormat.JSON, ALL_TYPES, rows));
        assertEquals(rows, TestFiles.decode(FileFormat.JSON, file, ALL_TYPES));
    }

    @Test
    void writesTheDocumentedText() throws IOException {
        List<List<Object>> rows = List.of(
                row(true, 1, -2L, 0.1, money("12.5"), wide("1.5"), "a\"b", LocalDate.of(2024, 1, 2),
                        timestamp("2024-01-02 03:04:05.006")),
                row(null, null, null, Double.NaN, null, null, null, null, null));
        String expected = "{\"b\":true,\"i\":1,\"l\":-2,\"d\":0.1,\"m\":12.50,\"w\":1.5000000000,\"s\":\"a\\\"b\","
                + "\"dt\":\"2024-01-02\",\"ts\":\"2024-01-02 03:04:05.006\"}\n"
                + "{\"b\":null,\"i\":null,\"l\":null,\"d\":\"NaN\",\"m\":null,\"w\":null,\"s\":null,\"dt\":null,"
                + "\"ts\":null}\n";
        assertEquals(expected, new String(TestFiles.encode(FileFormat.JSON, ALL_TYPES, rows), UTF_8));
    }

    @Test
    void fieldsGoByNameMissingOrNullIsNullAndUnknownFieldsAreSkipped() throws IOException {
        Path file = file("fields.json", "{\"name\":\"a\",\"id\":1}\n"
                + "{\"id\":2}\n"
                + "\n"
                + "{\"id\":null,\"extra\":{\"nested\":[1,{\"x\":2}]},\"name\":\"c\",\"more\":[]}\n"
                + "{}");
        assertEquals(List.of(row(1L, "a", null), row(2L, null, null), row(null, "c", null), row(null, null, null)),
                TestFiles.decode(FileFormat.JSON, file, SMALL));
    }

    @Test
    void readsTimestampsInIsoFormsAndQuotedNumbers() throws IOException {
        Path file = file("forms.json", "{\"id\":\"5\",\"ts\":\"2024-01-01T10:00:00Z\"}\n"
                + "{\"id\":6,\"ts\":\"2024-01-01T10:00:00.123456Z\"}\n"
                + "{\"id\":7,\"ts\":\"2024-01-01 10:00:00.5\"}\r\n");
        assertEquals(List.of(
                row(5L, null, timestamp("2024-01-01 10:00:00")),
                row(6L, null, timestamp("2024-01-01 10:00:00.123")),
                row(7L, null, timestamp("2024-01-01 10:00:00.500"))), TestFiles.decode(FileFormat.JSON, file, SMALL));
    }

    @Test
    void numbersReadIntoDecimalsAndDoublesAsInCsv() throws IOException {
        Schema numbers = schema(column("m", decimal(5, 2)), column("d", DOUBLE), column("i", INT));
        Path file = file("numbers.json", "{\"m\":1.005,\"d\":1,\"i\":-7}\n{\"m\":\"2.5\",\"d\":\"Infinity\",\"i\":\"8\"}\n"
                + "{\"m\":15e1,\"d\":1.5E-3}\n");
        assertEquals(List.of(row(money("1.01"), 1.0, -7), row(money("2.50"), Double.POSITIVE_INFINITY, 8),
                row(money("150.00"), 1.5e-3, null)), TestFiles.decode(FileFormat.JSON, file, numbers));
    }

    /** Reads a good record then {@code bad} on line 2, and checks the error's message and position. */
    private void assertMalformed(String bad, int column, String expectedProblem) throws IOException {
        String good = "{\"id\":1,\"name\":\"a\",\"ts\":\"2024-01-01 00:00:00.000\"}";
        Path file = file("bad.json", good + "\n" + bad + "\n");
        MalformedRecordException error = assertThrows(MalformedRecordException.class,
                () -> TestFiles.decode(FileFormat.JSON, file, SMALL));
        String columnPart = column == 0 ? "" : ":" + column + ": column '" + SMALL.getFields().get(column - 1)
                .getName() + "'";
        assertEquals(file + ":2" + columnPart + ": " + expectedProblem + "\n  raw record: " + bad, error.getMessage());
        assertEquals(2, error.position().line());
        assertEquals(good.length() + 1, error.position().offset());
        assertEquals(column, error.position().column());
        assertEquals(bad, error.rawText());
    }

    @Test
    void valuesOfTheWrongKindAreReportedWithTheirPosition() throws IOException {
        assertMalformed("{\"id\":\"12x\"}", 1, "cannot parse \"12x\" as BIGINT");
        assertMalformed("{\"id\":1.5}", 1, "cannot parse \"1.5\" as BIGINT");
        assertMalformed("{\"id\":9223372036854775808}", 1,
                "cannot parse \"9223372036854775808\" as BIGINT: out of range");
        assertMalformed("{\"id\":true}", 1, "cannot parse \"true\" as BIGINT");
        assertMalformed("{\"id\":[1]}", 1, "expected a value for BIGINT, found an array");
        assertMalformed("{\"name\":12}", 2, "expected a JSON string for VARCHAR, found the number 12");
        assertMalformed("{\"ts\":\"2024-13-01 00:00:00\"}", 3,
                "cannot parse \"2024-13-01 00:00:00\" as TIMESTAMP(3): no such date");
        assertMalformed("{\"ts\":1704067200000}", 3, "expected a JSON string for TIMESTAMP(3), found the number"
                + " 1704067200000");
        assertMalformed("{\"id\":1,\"id\":2}", 1, "field 'id' appears twice in one object");
        assertMalformed("[1,2]", 0, "expected a JSON object, found an array");
    }

    @Test
    void invalidJsonIsReportedWithTheRecordsPosition() throws IOException {
        String good = "{\"id\":1}";
        Path file = file("invalid.json", good + "\n{\"id\":2,name:\"x\"}\n");
        MalformedRecordException error = assertThrows(MalformedRecordException.class,
                () -> TestFiles.decode(FileFormat.JSON, file, SMALL));
        assertTrue(error.getMessage().startsWith(file + ":2: invalid JSON: Unexpected character ('n' (code 110)):"
                + " was expecting double-quote to start field name"), error.getMessage());
        assertTrue(error.getMessage().contains("(line 2, character 9)"), error.getMessage());
        assertEquals(good.length() + 1, error.position().offset());
        assertEquals("{\"id\":2,name:\"x\"}", error.rawText());

        Path truncated = file("truncated.json", good + "\n{\"id\":2,\"name\":\"x\"");
        MalformedRecordException cut = assertThrows(MalformedRecordException.class,
                () -> TestFiles.decode(FileFormat.JSON, truncated, SMALL));
        assertEquals(truncated + ":2: invalid JSON: Unexpected end-of-input: expected close marker for Object"
                + " (start marker at line 2, character 1) (line 2, character 19)\n  raw record: {\"id\":2,\"name\":\"x\"",
                cut.getMessage());

        Path deep = file("deep.json", "{\"skipped\":" + "[".repeat(1500) + "]".repeat(1500) + "}\n");
        MalformedRecordException tooDeep = assertThrows(MalformedRecordException.class,
                () -> TestFiles.decode(FileFormat.JSON, deep, SMALL));
        assertTrue(tooDeep.getMessage().startsWith(deep + ":1: invalid JSON: Document nesting depth (1001) exceeds"),
                tooDeep.getMessage());
    }
}
