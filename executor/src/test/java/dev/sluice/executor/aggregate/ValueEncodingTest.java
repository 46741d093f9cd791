package dev.sluice.executor.aggregate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sluice.planner.plan.proto.DataType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The state key encoding sorts as the values do, NULL first, and keeps the groups SQL treats as one together. */
class ValueEncodingTest {
    private static byte[] encodeLong(DataType.Kind kind, Long value) {
        ByteSink out = new ByteSink(16);
        ValueEncoding.encodeLong(kind, value == null ? 0 : value, value == null, out);
        return out.toByteArray();
    }

    private static byte[] encodeDouble(Double value) {
        return encodeLong(DataType.Kind.DOUBLE, value == null ? null : ValueEncoding.canonicalDoubleBits(value));
    }

    private static byte[] encodeString(String value) {
        ColumnData column = new ColumnData(DataType.Kind.VARCHAR);
        byte[] bytes = value.getBytes(UTF_8);
        column.bytes = bytes;
        column.offsets = new int[] {0, bytes.length};
        column.rows = 1;
        ByteSink out = new ByteSink(16);
        ValueEncoding.encode(column, 0, out);
        return out.toByteArray();
    }

    private static byte[] encodeDecimal(BigInteger unscaled) {
        ColumnData column = new ColumnData(DataType.Kind.DECIMAL);
        column.longs = new long[] {unscaled.longValue()};
        column.highs = new long[] {unscaled.shiftRight(64).longValue()};
        column.rows = 1;
        ByteSink out = new ByteSink(24);
        ValueEncoding.encode(column, 0, out);
        return out.toByteArray();
    }

    private static void assertSortsLike(List<byte[]> encodedInValueOrder, String what) {
        for (int i = 1; i < encodedInValueOrder.size(); i++) {
            int comparison = Arrays.compareUnsigned(encodedInValueOrder.get(i - 1), encodedInValueOrder.get(i));
            if (comparison > 0) {
                throw new AssertionError(what + ": value " + (i - 1) + " encodes after value " + i);
            }
        }
    }

    @Test
    void integersAndTimesSortAsNumbersWithNullFirst() {
        Random random = new Random(1);
        List<Long> values = new ArrayList<>(List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE));
        for (int i = 0; i < 200; i++) {
            values.add(random.nextLong());
        }
        values.sort(Long::compare);
        List<byte[]> encoded = new ArrayList<>();
        encoded.add(encodeLong(DataType.Kind.BIGINT, null));
        values.forEach(value -> encoded.add(encodeLong(DataType.Kind.BIGINT, value)));
        assertSortsLike(encoded, "BIGINT");

        List<byte[]> ints = new ArrayList<>();
        ints.add(encodeLong(DataType.Kind.INT, null));
        for (long value : new long[] {Integer.MIN_VALUE, -70_000, -1, 0, 1, 70_000, Integer.MAX_VALUE}) {
            ints.add(encodeLong(DataType.Kind.INT, value));
        }
        assertSortsLike(ints, "INT");
    }

    @Test
    void doublesSortByTheirTotalOrderAndSignedZerosAndNansAreOneValue() {
        List<byte[]> encoded = new ArrayList<>();
        encoded.add(encodeDouble(null));
        for (double value : new double[] {Double.NEGATIVE_INFINITY, -1e300, -2.5, -Double.MIN_VALUE, 0.0,
            Double.MIN_VALUE, 1.0, 1e300, Double.POSITIVE_INFINITY, Double.NaN}) {
            encoded.add(encodeDouble(value));
        }
        assertSortsLike(encoded, "DOUBLE");
        assertArrayEquals(encodeDouble(0.0), encodeDouble(-0.0));
        assertArrayEquals(encodeDouble(Double.NaN), encodeDouble(Double.longBitsToDouble(0x7ff0000000000123L)));
    }

    @Test
    void decimalsSortByTheirUnscaledValueOver128Bits() {
        List<BigInteger> values = new ArrayList<>(List.of(BigInteger.TEN.pow(38).negate(), BigInteger.ONE.negate(),
                BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO.pow(64), BigInteger.TEN.pow(38)));
        Random random = new Random(2);
        for (int i = 0; i < 100; i++) {
            values.add(new BigInteger(120, random).subtract(BigInteger.TWO.pow(119)));
        }
        values.sort(BigInteger::compareTo);
        List<byte[]> encoded = new ArrayList<>();
        values.forEach(value -> encoded.add(encodeDecimal(value)));
        assertSortsLike(encoded, "DECIMAL");
    }

    @Test
    void stringsSortByCodePointAndStayDelimitedWithEmbeddedNuls() {
        List<String> values = List.of("", "\u0000", "\u0000\u0000", "\u0000a", "a", "a\u0000", "a\u0000b", "ab",
                "\u00e9", "\uffff", "\ud83d\ude00");
        List<byte[]> encoded = new ArrayList<>();
        values.forEach(value -> encoded.add(encodeString(value)));
        assertSortsLike(encoded, "VARCHAR");
        // self-delimiting: a value followed by anything still sorts before a greater value
        byte[] shorterThenMore = Arrays.copyOf(encodeString("a"), encodeString("a").length + 1);
        shorterThenMore[shorterThenMore.length - 1] = (byte) 0xFF;
        assertEquals(-1, Integer.signum(Arrays.compareUnsigned(shorterThenMore, encodeString("a\u0000"))));
        for (String value : values) {
            byte[] bytes = encodeString(value);
            assertEquals(bytes.length, ValueEncoding.skip(DataType.Kind.VARCHAR, bytes, 0), value);
        }
        assertNotEquals(0, Arrays.compareUnsigned(encodeString("a"), encodeString("a\u0000")));
    }
}
