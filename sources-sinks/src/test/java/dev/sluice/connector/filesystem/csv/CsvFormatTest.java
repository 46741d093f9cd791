package dev.sluice.connector.filesystem.csv;

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
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatTest {
    private static final Schema ALL_TYPES = schema(column("b", BOOLEAN), column("i", INT), column("l", BIGINT),
            column("d", DOUBLE), column("m", decimal(10, 2)), column("w", decimal(38, 10)), column("s", VARCHAR),
            column("dt", DATE), column("ts", TIMESTAMP));

    private static final Schema SMALL = schema(column("id", BIGINT), column("name", VARCHAR), column("ts", TIMESTAMP));

    @TempDir
    Path temp;

    private Path file(String name, String content) throws IOException {
        return file(name, content.getBytes(UTF_8));
    }

    private Path file(String name, byte[] content) throws IOException {
        Path file = temp.resolve(name);
        Files.write(file, content);
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
                        wide("1234567890123456789012345678.0123456789"), "plain", LocalDate.of(1970, 1, 1),
                        timestamp("1970-01-01 00:00:00")),
                row(false, Integer.MAX_VALUE, Long.MAX_VALUE, 1e300, money("0"),
                        wide("-9999999999999999999999999999.9999999999"), "a,b \"quoted\"\r\nnext line\n",
                        LocalDate.of(0, 1, 1), timestamp("9999-12-31 23:59:59.999")),
                row(null, null, null, null, null, null, null, null, null),
                row(true, 0, 0L, -0.0, money("0.01"), wide("0"), "", LocalDate.of(2024, 2, 29),
                        timestamp("1969-12-31 23:59:59.999")),
                row(false, -1, -1L, Double.MIN_VALUE, money("99999999.99"), wide("0.0000000001"),
                        "\uD83D\uDE00 non-BMP \u2713 \u00fcmlaut \u4e2d\u6587", LocalDate.of(1900, 3, 1),
                        timestamp("2000-02-29 12:34:56.789")),
                row(null, 42, 42L, Double.NaN, money("-0.5"), wide("-1"), " leading and trailing ", null,
                        timestamp("1900-01-01 00:00:00.001")),
                row(true, 7, 7L, Double.POSITIVE_INFINITY, null, null, "\"", null, null),
                row(false, 8, 8L, Double.NEGATIVE_INFINITY, null, null, ",", null, null),
                row(true, 9, 9L, Double.MAX_VALUE, null, null, "\r", null, null),
                row(true, 10, 10L, 123456789.123, null, null, "\ttab", null, null),
                row(true, 11, 11L, 1.0E-5, null, null, "NULL", null, null),
                row(true, 12, 12L, 100.0, null, null, "\"\"", null, null));
        Path file = file("awkward.csv", TestFiles.encode(FileFormat.CSV, ALL_TYPES, rows));
        assertEquals(rows, TestFiles.decode(FileFormat.CSV, file, ALL_TYPES));
    }

    @Test
    void writesTheDocumentedText() throws IOException {
        List<List<Object>> rows = List.of(
                row(true, 1, -2L, 0.1, money("12.5"), wide("1.5"), "a,b", LocalDate.of(2024, 1, 2),
                        timestamp("2024-01-02 03:04:05.006")),
                row(null, null, null, null, null, null, null, null, null),
                row(null, null, null, null, null, null, "", null, null),
                row(false, null, null, 1e300, null, null, "say \"hi\"", null, null),
                row(null, null, null, -0.0, null, null, " x", null, null),
                row(null, null, null, 1e7, null, null, "line\nbreak", null, null),
                row(null, null, null, 100.0, null, null, "plain text", null, null));
        String expected = "true,1,-2,0.1,12.50,1.5000000000,\"a,b\",2024-01-02,2024-01-02 03:04:05.006\n"
                + ",,,,,,,,\n"
                + ",,,,,,\"\",,\n"
                + "false,,,1.0E300,,,\"say \"\"hi\"\"\",,\n"
                + ",,,-0.0,,,\" x\",,\n"
                + ",,,1.0E7,,,\"line\nbreak\",,\n"
                + ",,,100.0,,,plain text,,\n";
        assertEquals(expected, new String(TestFiles.encode(FileFormat.CSV, ALL_TYPES, rows), UTF_8));
    }

    @Test
    void readsCrlfLoneCrAndAMissingFinalNewline() throws IOException {
        Path file = file("endings.csv",
                "1,a,2024-01-01 00:00:00.000\r\n2,b,2024-01-01 00:00:00.001\r3,c,2024-01-01 00:00:00.002");
        assertEquals(List.of(
                row(1L, "a", timestamp("2024-01-01 00:00:00.000")),
                row(2L, "b", timestamp("2024-01-01 00:00:00.001")),
                row(3L, "c", timestamp("2024-01-01 00:00:00.002"))), TestFiles.decode(FileFormat.CSV, file, SMALL));
    }

    @Test
    void anyFieldMayBeQuotedNumbersAndTimestampsToo() throws IOException {
        Path file = file("quoted.csv", "\"-17\",\"x\",\"2024-05-06 07:08:09.010\"\n");
        assertEquals(List.of(row(-17L, "x", timestamp("2024-05-06 07:08:09.010"))),
                TestFiles.decode(FileFormat.CSV, file, SMALL));
    }

    @Test
    void anEmptyUnquotedFieldIsNullAndQuotedEmptyIsTheEmptyString() throws IOException {
        Path file = file("nulls.csv", "1,,\n2,\"\",\n,\"\",\"\"\n");
        assertEquals(List.of(row(1L, null, null), row(2L, "", null), row(null, "", null)),
                TestFiles.decode(FileFormat.CSV, file, SMALL), "\"\" is NULL for types without an empty value");
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() throws IOException {
        Path file = file("separators.csv", "1,\"a,b\r\nc\"\"d\n\",\n2,\"\"\"\",\n");
        assertEquals(List.of(row(1L, "a,b\r\nc\"d\n", null), row(2L, "\"", null)),
                TestFiles.decode(FileFormat.CSV, file, SMALL));
    }

    @Test
    void readsTimestampsInIsoFormsAndTruncatesBelowMilliseconds() throws IOException {
        Path file = file("timestamps.csv", "1,,2024-01-01T10:00:00Z\n2,,2024-01-01 10:00:00\n3,,2024-01-01 10:00:00.5\n"
                + "4,,2024-01-01T10:00:00.123456789Z\n5,,1969-12-31 23:59:59.9999\n");
        assertEquals(List.of(
                row(1L, null, timestamp("2024-01-01 10:00:00")),
                row(2L, null, timestamp("2024-01-01 10:00:00")),
                row(3L, null, timestamp("2024-01-01 10:00:00.500")),
                row(4L, null, timestamp("2024-01-01 10:00:00.123")),
                row(5L, null, timestamp("1969-12-31 23:59:59.999"))), TestFiles.decode(FileFormat.CSV, file, SMALL));
    }

    @Test
    void decimalsRoundHalfUpToTheirScale() throws IOException {
        Schema decimals = schema(column("m", decimal(5, 2)), column("w", decimal(30, 2)));
        Path file = file("decimals.csv", "1.005,1.005\n-1.005,-1.005\n1.004,+1.004\n.5,5.\n1.5E2,1.5e2\n999.994,0\n");
        assertEquals(List.of(
                row(money("1.01"), money("1.01")),
                row(money("-1.01"), money("-1.01")),
                row(money("1.00"), money("1.00")),
                row(money("0.50"), money("5.00")),
                row(money("150.00"), money("150.00")),
                row(money("999.99"), money("0"))), TestFiles.decode(FileFormat.CSV, file, decimals));
    }

    @Test
    void aByteOrderMarkIsSkippedAndAnEmptyFileHasNoRows() throws IOException {
        byte[] content = "\uFEFF7,x,\n".getBytes(UTF_8);
        assertEquals(List.of(row(7L, "x", null)), TestFiles.decode(FileFormat.CSV, file("bom.csv", content), SMALL));
        assertEquals(List.of(), TestFiles.decode(FileFormat.CSV, file("empty.csv", ""), SMALL));
    }

    @Test
    void anEmptyLineIsOneNullFieldForAOneColumnTable() throws IOException {
        Schema one = schema(column("name", VARCHAR));
        List<List<Object>> rows = List.of(row("a"), row((Object) null), row(""), row("b"));
        byte[] written = TestFiles.encode(FileFormat.CSV, one, rows);
        assertEquals("a\n\n\"\"\nb\n", new String(written, UTF_8));
        assertEquals(rows, TestFiles.decode(FileFormat.CSV, file("one.csv", written), one));
    }

    @Test
    void recordsLargerThanTheReadBufferAreReadWhole() throws IOException {
        StringBuilder large = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            large.append(i % 10 == 0 ? "\"," : "abcd");
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(row((long) i, i % 7 == 3 ? large.toString() : "short " + i, null));
        }
        Path file = file("large.csv", TestFiles.encode(FileFormat.CSV, SMALL, rows));
        assertEquals(rows, TestFiles.decode(FileFormat.CSV, file, SMALL, 3));
    }

    // Malformed input: every error names the file, the record's line, the column, and carries the record.

    private static final Schema CHECKED = schema(column("flag", BOOLEAN), column("count", INT), column("id", BIGINT),
            column("price", DOUBLE), column("amount", decimal(5, 2)), column("day", DATE), column("ts", TIMESTAMP),
            column("name", VARCHAR));
    private static final String GOOD = "true,1,2,0.5,1.25,2024-01-01,2024-01-01 00:00:00.000,x";

    /** Reads {@code GOOD} then {@code bad} on line 2, and checks the error's message and position. */
    private void assertMalformed(String bad, int column, String expectedProblem) throws IOException {
        Path file = file("bad.csv", GOOD + "\n" + bad + "\n");
        MalformedRecordException error = assertThrows(MalformedRecordException.class,
                () -> TestFiles.decode(FileFormat.CSV, file, CHECKED));
        String columnPart = column == 0 ? "" : ":" + column + ": column '" + CHECKED.getFields().get(column - 1)
                .getName() + "'";
        assertEquals(file + ":2" + columnPart + ": " + expectedProblem + "\n  raw record: "
                + bad.replace("\n", "\\n"), error.getMessage());
        assertEquals(file.toString(), error.position().source());
        assertEquals(2, error.position().line());
        assertEquals(GOOD.length() + 1, error.position().offset());
        assertEquals(column, error.position().column());
        assertEquals(bad, error.rawText());
    }

    private static String withField(int column, String value) {
        String[] fields = GOOD.split(",", -1);
        fields[column - 1] = value;
        return String.join(",", fields);
    }

    @Test
    void anUnparsableNumberIsReportedWithItsPosition() throws IOException {
        assertMalformed(withField(3, "12x"), 3, "cannot parse \"12x\" as BIGINT");
        assertMalformed(withField(3, " 12"), 3, "cannot parse \" 12\" as BIGINT");
        assertMalformed(withField(3, "\"1\"\"2\""), 3, "cannot parse \"1\"2\" as BIGINT");
        assertMalformed(withField(3, "9223372036854775808"), 3,
                "cannot parse \"9223372036854775808\" as BIGINT: out of range");
        assertMalformed(withField(2, "2147483648"), 2, "cannot parse \"2147483648\" as INT: out of range");
        assertMalformed(withField(4, "1.2.3"), 4, "cannot parse \"1.2.3\" as DOUBLE");
        assertMalformed(withField(4, "1d"), 4, "cannot parse \"1d\" as DOUBLE");
        assertMalformed(withField(5, "1000.00"), 5,
                "cannot parse \"1000.00\" as DECIMAL(5,2): out of range for DECIMAL(5,2)");
        assertMalformed(withField(5, "1,5"), 0, "expected 8 fields, found 9");
    }

    @Test
    void anUnparsableBooleanDateOrTimestampIsReportedWithItsPosition() throws IOException {
        assertMalformed(withField(1, "yes"), 1, "cannot parse \"yes\" as BOOLEAN: expected true or false");
        assertMalformed(withField(6, "2024-02-30"), 6, "cannot parse \"2024-02-30\" as DATE: no such date");
        assertMalformed(withField(6, "2024-1-1"), 6, "cannot parse \"2024-1-1\" as DATE: expected yyyy-MM-dd");
        assertMalformed(withField(7, "2024-01-01 25:00:00.000"), 7,
                "cannot parse \"2024-01-01 25:00:00.000\" as TIMESTAMP(3): no such time of day");
        assertMalformed(withField(7, "yesterday"), 7,
                "cannot parse \"yesterday\" as TIMESTAMP(3): expected yyyy-MM-dd HH:mm:ss.SSS");
        assertMalformed(withField(7, "2024-01-01 00:00:00+01:00"), 7,
                "cannot parse \"2024-01-01 00:00:00+01:00\" as TIMESTAMP(3): expected yyyy-MM-dd HH:mm:ss.SSS");
    }

    @Test
    void aWrongFieldCountIsReportedForTheWholeRecord() throws IOException {
        assertMalformed("true,1,2", 0, "expected 8 fields, found 3");
        assertMalformed(GOOD + ",extra", 0, "expected 8 fields, found 9");
        assertMalformed("", 0, "expected 8 fields, found 1");
    }

    @Test
    void brokenQuotingIsReportedWithItsPosition() throws IOException {
        assertMalformed(withField(8, "\"a\"b"), 8,
                "unexpected character 'b' after the closing quote (a quote inside a quoted field is written as \"\")");
        assertMalformed(withField(8, "a\"b"), 8,
                "quote inside an unquoted field (quote the whole field and write the quote as \"\")");

        Path file = file("open.csv", GOOD + "\n" + withField(8, "\"open\nmore"));
        MalformedRecordException error = assertThrows(MalformedRecordException.class,
                () -> TestFiles.decode(FileFormat.CSV, file, CHECKED));
        assertEquals(file + ":2:8: column 'name': unterminated quoted field: the file ends before its closing quote"
                + "\n  raw record: " + withField(8, "\"open\\nmore"), error.getMessage());
        assertEquals(GOOD.length() + 1, error.position().offset());
    }

    @Test
    void invalidUtf8IsReportedWithItsPosition() throws IOException {
        byte[] good = (GOOD + "\n").getBytes(UTF_8);
        byte[] bad = withField(8, "ab").getBytes(UTF_8);
        byte[] content = new byte[good.length + bad.length + 2];
        System.arraycopy(good, 0, content, 0, good.length);
        System.arraycopy(bad, 0, content, good.length, bad.length);
        content[content.length - 2] = (byte) 0xC3; // a lead byte without its continuation
        content[content.length - 1] = '\n';
        Path file = file("utf8.csv", content);
        MalformedRecordException error = assertThrows(MalformedRecordException.class,
                () -> TestFiles.decode(FileFormat.CSV, file, CHECKED));
        assertTrue(error.getMessage().startsWith(file + ":2:8: column 'name': cannot parse \"ab\uFFFD\" as VARCHAR:"
                + " not valid UTF-8"), error.getMessage());
    }

    @Test
    void theLineOfARecordCountsLineBreaksInsideQuotedFields() throws IOException {
        String content = "1,\"multi\r\nline\rvalue\",\n2,ok,\n3,bad,notatime\n";
        Path file = file("lines.csv", content);
        MalformedRecordException error = assertThrows(MalformedRecordException.class,
                () -> TestFiles.decode(FileFormat.CSV, file, SMALL));
        assertEquals(5, error.position().line());
        assertEquals(content.indexOf("3,bad"), error.position().offset());
        assertEquals(3, error.position().column());
        assertEquals("ts", error.position().columnName());
        assertEquals("3,bad,notatime", error.rawText());
    }
}
