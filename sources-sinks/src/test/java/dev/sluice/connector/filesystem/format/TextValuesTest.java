package dev.sluice.connector.filesystem.format;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte-level parsers and formatters against the JDK's own, on edge cases and on seeded random values (so a
 * failure reproduces).
 */
class TextValuesTest {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final long MIN_MILLIS = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
    private static final long MAX_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private static byte[] ascii(String text) {
        return text.getBytes(ISO_8859_1);
    }

    private static double parseDouble(String text) throws ValueFormatException {
        byte[] bytes = ascii(text);
        return NumberText.parseDouble(bytes, 0, bytes.length);
    }

    private static long parseLong(String text) throws ValueFormatException {
        byte[] bytes = ascii(text);
        return NumberText.parseLong(bytes, 0, bytes.length);
    }

    @Test
    void longsReadAndWriteLikeTheJdk() throws ValueFormatException {
        Random random = new Random(42);
        long[] edges = {0, 1, -1, 9, 10, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 10,
            Integer.MAX_VALUE, Integer.MIN_VALUE, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L};
        byte[] out = new byte[NumberText.MAX_LONG_TEXT];
        for (int i = 0; i < edges.length + 10_000; i++) {
            long value = i < edges.length ? edges[i] : random.nextLong() >> random.nextInt(64);
            int end = NumberText.writeLong(value, out, 0);
            assertEquals(Long.toString(value), new String(out, 0, end, ISO_8859_1));
            assertEquals(value, parseLong(Long.toString(value)));
        }
        assertEquals(5, parseLong("+5"));
        assertEquals(7, parseLong("007"));
        for (String bad : new String[] {"", "-", "+", "1.0", "1e3", " 1", "1 ", "0x10", "1_000", "١"}) {
            assertThrows(ValueFormatException.class, () -> parseLong(bad), bad);
        }
        assertEquals("out of range",
                assertThrows(ValueFormatException.class, () -> parseLong("9223372036854775808")).reason());
        assertEquals(Long.MIN_VALUE, parseLong("-9223372036854775808"));
        assertEquals(null,
                assertThrows(ValueFormatException.class, () -> parseLong("99999999999999999999x")).reason());
    }

    @Test
    void doublesReadExactlyAsDoubleParseDouble() throws ValueFormatException {
        Random random = new Random(7);
        double[] edges = {0.0, -0.0, 0.1, 0.2, 0.3, 1e300, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE,
            Double.MIN_NORMAL, 1e22, 1e23, 9007199254740993.0, 123456789.123, 2.5e-5, 1.0 / 3};
        for (int i = 0; i < edges.length + 20_000; i++) {
            double value = i < edges.length ? edges[i]
                    : i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextDouble() * 1e6;
            if (Double.isNaN(value)) {
                continue;
            }
            String text = Double.toString(value);
            assertEquals(value, parseDouble(text), text);
        }
        // Decimal texts a person would write, including ones the fast path must hand to the JDK.
        for (int i = 0; i < 10_000; i++) {
            String text = (random.nextBoolean() ? "-" : "") + random.nextInt(1_000_000) + "."
                    + String.format("%0" + (1 + random.nextInt(12)) + "d", random.nextInt(Integer.MAX_VALUE) % 1_000_000)
                    + (random.nextInt(4) == 0 ? "e" + (random.nextInt(60) - 30) : "");
            assertEquals(Double.parseDouble(text), parseDouble(text), text);
        }
        for (String text : new String[] {"1", "+1.5", ".5", "5.", "1E5", "1e-5", "12345678901234567890123",
            "0.000000000000000000000000000001", "179769313486231570000000000000000000000000000000000000000000000000"
                + "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "0000000000000000000000000000000000000000000000000000000000", "4.9e-324", "2e-324", "1e400"}) {
            assertEquals(Double.parseDouble(text), parseDouble(text), text);
        }
        assertTrue(Double.isNaN(parseDouble("NaN")));
        assertEquals(Double.POSITIVE_INFINITY, parseDouble("Infinity"));
        assertEquals(Double.NEGATIVE_INFINITY, parseDouble("-Infinity"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(parseDouble("-0.0")));
        for (String bad : new String[] {"", ".", "-", "e5", "1e", "1e+", "1.0f", "1d", "0x1p3", " 1", "1 ", "nan",
            "-NaN", "Inf", "1,5", "1..2"}) {
            assertThrows(ValueFormatException.class, () -> parseDouble(bad), bad);
        }
    }

    @Test
    void doublesWriteTheShortestTextThatReadsBack() {
        Random random = new Random(13);
        byte[] out = new byte[NumberText.MAX_DOUBLE_TEXT];
        double[] edges = {0.0, -0.0, 0.1, -0.1, 1.0, 100.0, 1e-3, 9.99e-4, 1e7, 9_999_999.5, 0.3, 2.675, 1.0 / 3,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE,
            2.82879384806159E17, 1e23, 123456.12345678, 0.00123456789};
        for (int i = 0; i < edges.length + 200_000; i++) {
            double value;
            if (i < edges.length) {
                value = edges[i];
            } else if (i % 3 == 0) {
                value = Double.longBitsToDouble(random.nextLong());
            } else if (i % 3 == 1) {
                value = (random.nextLong() % 100_000_000_000L) / Math.pow(10, random.nextInt(10));
            } else {
                value = random.nextDouble() * Math.pow(10, random.nextInt(12) - 4);
            }
            int end = NumberText.writeDouble(value, out, 0);
            // the fast path must agree with the slow path, which is Double.toString made shortest (Java 19+'s own)
            assertEquals(NumberText.shortestDoubleText(value), new String(out, 0, end, ISO_8859_1));
        }
    }

    @Test
    void decimalsRoundHalfUpAndRejectOverflow() throws ValueFormatException {
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            int precision = 1 + random.nextInt(18);
            int scale = random.nextInt(precision + 1);
            BigDecimal value = new BigDecimal(new BigInteger(70, random).subtract(BigInteger.ONE.shiftLeft(69)),
                    random.nextInt(25));
            String text = value.toPlainString();
            byte[] bytes = ascii(text);
            BigDecimal expected = value.setScale(scale, RoundingMode.HALF_UP);
            if (expected.precision() > precision && expected.signum() != 0) {
                assertThrows(ValueFormatException.class,
                        () -> NumberText.parseDecimal(bytes, 0, bytes.length, precision, scale), text);
                assertThrows(ValueFormatException.class,
                        () -> NumberText.parseBigDecimal(bytes, 0, bytes.length, precision, scale), text);
            } else {
                assertEquals(expected.unscaledValue().longValueExact(),
                        NumberText.parseDecimal(bytes, 0, bytes.length, precision, scale), text);
                assertEquals(expected, NumberText.parseBigDecimal(bytes, 0, bytes.length, precision, scale), text);
            }
        }
        byte[] huge = ascii("1e999999999");
        assertThrows(ValueFormatException.class, () -> NumberText.parseBigDecimal(huge, 0, huge.length, 38, 2));
        byte[] tiny = ascii("1e-999999999");
        assertEquals(new BigDecimal("0.00"), NumberText.parseBigDecimal(tiny, 0, tiny.length, 38, 2));
    }

    @Test
    void decimalsWriteLikeToPlainString() {
        Random random = new Random(5);
        byte[] out = new byte[64];
        long[] edges = {0, 1, -1, 5, -5, 10, Long.MAX_VALUE, Long.MIN_VALUE};
        for (int i = 0; i < edges.length * 20 + 10_000; i++) {
            long unscaled = i < edges.length * 20 ? edges[i % edges.length] : random.nextLong() >> random.nextInt(64);
            int scale = i < edges.length * 20 ? i / edges.length : random.nextInt(39);
            int end = NumberText.writeDecimal(unscaled, scale, out, 0);
            assertEquals(BigDecimal.valueOf(unscaled, scale).toPlainString(), new String(out, 0, end, ISO_8859_1));
        }
    }

    @Test
    void timestampsFormatAndParseLikeJavaTime() throws ValueFormatException {
        Random random = new Random(3);
        byte[] out = new byte[DateTimeText.TIMESTAMP_LENGTH];
        long[] edges = {0, -1, 1, MIN_MILLIS, MAX_MILLIS, 951_782_400_000L /* 2000-02-29 */, -2_208_988_800_000L};
        for (int i = 0; i < edges.length + 20_000; i++) {
            long millis = i < edges.length ? edges[i] : MIN_MILLIS + Math.floorMod(random.nextLong(),
                    MAX_MILLIS - MIN_MILLIS + 1);
            int end = DateTimeText.formatTimestamp(millis, out, 0);
            String text = new String(out, 0, end, ISO_8859_1);
            assertEquals(TIMESTAMP.format(Instant.ofEpochMilli(millis)), text);
            assertEquals(millis, DateTimeText.parseTimestamp(out, 0, end), text);
        }
        assertThrows(ValueFormatException.class, () -> DateTimeText.formatTimestamp(MAX_MILLIS + 1, out, 0));
        assertThrows(ValueFormatException.class, () -> DateTimeText.formatTimestamp(MIN_MILLIS - 1, out, 0));
    }

    @Test
    void datesFormatAndParseLikeJavaTime() throws ValueFormatException {
        byte[] out = new byte[DateTimeText.DATE_LENGTH];
        for (long day = LocalDate.of(0, 1, 1).toEpochDay(); day <= LocalDate.of(9999, 12, 31).toEpochDay();
                day += 1 + (day & 31)) {
            int end = DateTimeText.formatDate(day, out, 0);
            assertEquals(LocalDate.ofEpochDay(day).toString(), new String(out, 0, end, ISO_8859_1));
            assertEquals(day, DateTimeText.parseDate(out, 0, end));
        }
        for (String bad : new String[] {"2023-02-29", "2024-00-10", "2024-13-01", "2024-04-31", "2024-1-01",
            "2024/01/01", "20240101", "2024-01-01 ", "+2024-01-01", "1900-02-29"}) {
            byte[] bytes = ascii(bad);
            assertThrows(ValueFormatException.class, () -> DateTimeText.parseDate(bytes, 0, bytes.length), bad);
        }
        byte[] leap = ascii("2000-02-29");
        assertEquals(LocalDate.of(2000, 2, 29).toEpochDay(), DateTimeText.parseDate(leap, 0, leap.length));
    }

    @Test
    void utf8ValidationAgreesWithTheJdkDecoder() {
        Random random = new Random(9);
        byte[] alphabet = {0x41, 0x7F, (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC2, (byte) 0xDF, (byte) 0xE0,
            (byte) 0xA0, (byte) 0xED, (byte) 0x9F, (byte) 0xEF, (byte) 0xF0, (byte) 0x90, (byte) 0xF4, (byte) 0x8F,
            (byte) 0xF5, (byte) 0xFF};
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(6)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = alphabet[random.nextInt(alphabet.length)];
            }
            assertEquals(jdkAccepts(bytes), Utf8.isValid(bytes, 0, bytes.length), () -> hex(bytes));
        }
        String text = "a\u00e9\u4e2d\uD83D\uDE00";
        byte[] out = new byte[Utf8.maxEncodedLength(text.length())];
        int end = Utf8.encode(text.toCharArray(), 0, text.length(), out, 0);
        assertArrayEquals(text.getBytes(UTF_8), java.util.Arrays.copyOf(out, end));
        assertEquals(-1, Utf8.encode(new char[] {'a', '\uD83D'}, 0, 2, out, 0));
        assertFalse(Utf8.isValid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3), "a surrogate");
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException malformed) {
            return false;
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x ", b & 0xFF));
        }
        return text.toString();
    }

    @Test
    void booleansAcceptAnyLetterCase() throws ValueFormatException {
        for (String text : new String[] {"true", "TRUE", "True"}) {
            assertTrue(NumberText.parseBoolean(ascii(text), 0, text.length()));
        }
        assertFalse(NumberText.parseBoolean(ascii("fAlSe"), 0, 5));
        for (String bad : new String[] {"1", "0", "yes", "t", "truee", ""}) {
            assertThrows(ValueFormatException.class, () -> NumberText.parseBoolean(ascii(bad), 0, bad.length()));
        }
    }
}
