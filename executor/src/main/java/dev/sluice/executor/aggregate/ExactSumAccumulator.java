package dev.sluice.executor.aggregate;

import dev.sluice.executor.expression.ExpressionException;
import dev.sluice.planner.plan.proto.AggregateCall;
import dev.sluice.planner.plan.proto.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * SUM and AVG of INT, BIGINT and DECIMAL: an exact 128-bit sum (two longs) and the count of non-null values per
 * group. Summing in 128 bits makes the result independent of how rows are split over tasks and batches: only the
 * final value is checked against the result type (an error naming the call when it does not fit), never an
 * intermediate one. A DECIMAL's unscaled value is summed the same way (every value of a column has its scale).
 * SUM is NULL when there is no non-null value; AVG of INT/BIGINT into INT/BIGINT truncates toward zero, into
 * DECIMAL rounds half up to the result's scale.
 */
final class ExactSumAccumulator extends Accumulator {
    private static final BigInteger[] POWERS_OF_TEN = new BigInteger[40];

    static {
        POWERS_OF_TEN[0] = BigInteger.ONE;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1].multiply(BigInteger.TEN);
        }
    }

    private final boolean average;
    private final int argumentScale;
    private long[] highs = new long[0];
    private long[] lows = new long[0];
    private long[] counts = new long[0];

    ExactSumAccumulator(CallDefinition call) {
        super(call);
        this.average = call.function() == AggregateCall.Function.AVG;
        this.argumentScale = call.argumentType().getKind() == DataType.Kind.DECIMAL
                ? call.argumentType().getScale() : 0;
    }

    @Override
    void ensureCapacity(int slots) {
        if (counts.length < slots) {
            int capacity = grown(counts.length, slots);
            highs = Arrays.copyOf(highs, capacity);
            lows = Arrays.copyOf(lows, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
    }

    @Override
    void clear(int slot) {
        highs[slot] = 0;
        lows[slot] = 0;
        counts[slot] = 0;
    }

    @Override
    void update(ColumnData argument, int[] rows, int[] slots, int count) {
        long[] values = argument.longs;
        long[] high = highs;
        long[] low = lows;
        long[] number = counts;
        if (argument.kind == DataType.Kind.DECIMAL) {
            long[] valueHighs = argument.highs;
            for (int i = 0; i < count; i++) {
                int row = rows[i];
                add(slots[i], valueHighs[row], values[row]);
                number[slots[i]]++;
            }
            return;
        }
        // A 64-bit value added to a 128-bit sum: its high word is the sign extension, plus the carry out of the
        // low word. The high word cannot overflow: that takes more than 2^63 rows.
        for (int i = 0; i < count; i++) {
            int slot = slots[i];
            long value = values[rows[i]];
            long before = low[slot];
            long after = before + value;
            high[slot] += (value >> 63) + (Long.compareUnsigned(after, before) < 0 ? 1 : 0);
            low[slot] = after;
            number[slot]++;
        }
    }

    private void add(int slot, long valueHigh, long valueLow) {
        long before = lows[slot];
        long after = before + valueLow;
        long carry = Long.compareUnsigned(after, before) < 0 ? 1 : 0;
        try {
            highs[slot] = Math.addExact(highs[slot], Math.addExact(valueHigh, carry));
        } catch (ArithmeticException overflow) {
            throw new ExpressionException(call.describe() + ": the sum exceeds 128 bits");
        }
        lows[slot] = after;
    }

    @Override
    List<Field> partialFields() {
        FieldType bigint = new FieldType(false, new ArrowType.Int(64, true), null);
        String prefix = "call" + call.index() + "_";
        return List.of(new Field(prefix + "sum_high", bigint, null), new Field(prefix + "sum_low", bigint, null),
                new Field(prefix + "count", bigint, null));
    }

    @Override
    void writePartial(List<FieldVector> vectors, int column, int[] slots, int from, int count) {
        BigIntVector high = (BigIntVector) vectors.get(column);
        BigIntVector low = (BigIntVector) vectors.get(column + 1);
        BigIntVector number = (BigIntVector) vectors.get(column + 2);
        for (int i = 0; i < count; i++) {
            int slot = slots[from + i];
            high.set(i, highs[slot]);
            low.set(i, lows[slot]);
            number.set(i, counts[slot]);
        }
    }

    @Override
    void writeEmptyPartial(List<FieldVector> vectors, int column, int row) {
        for (int k = 0; k < 3; k++) {
            ((BigIntVector) vectors.get(column + k)).set(row, 0);
        }
    }

    @Override
    void mergePartial(ColumnData[] columns, int column, int[] rows, int[] slots, int count) {
        long[] partialHighs = columns[column].longs;
        long[] partialLows = columns[column + 1].longs;
        long[] partialCounts = columns[column + 2].longs;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            add(slots[i], partialHighs[row], partialLows[row]);
            counts[slots[i]] += partialCounts[row];
        }
    }

    @Override
    void merge(int target, int source) {
        add(target, highs[source], lows[source]);
        counts[target] += counts[source];
    }

    @Override
    void encode(int slot, ByteSink out) {
        out.writeVarLong(counts[slot]);
        out.writeVarLong(highs[slot]);
        out.writeVarLong(lows[slot]);
    }

    @Override
    void decode(int slot, ByteSource in) {
        counts[slot] = in.readVarLong();
        highs[slot] = in.readVarLong();
        lows[slot] = in.readVarLong();
    }

    @Override
    void checkResult(int slot) {
        if (counts[slot] > 0) {
            result(slot);
        }
    }

    @Override
    void writeResult(int slot, FieldVector vector, int row) {
        if (counts[slot] == 0) {
            vector.setNull(row);
            return;
        }
        Object value = result(slot);
        switch (call.resultType().getKind()) {
            case INT -> ((IntVector) vector).setSafe(row, ((Number) value).intValue());
            case BIGINT -> ((BigIntVector) vector).setSafe(row, ((Number) value).longValue());
            case DOUBLE -> ((Float8Vector) vector).setSafe(row, ((Number) value).doubleValue());
            case DECIMAL -> ((DecimalVector) vector).setSafe(row, (BigDecimal) value);
            case BOOLEAN, VARCHAR, DATE, TIMESTAMP, NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT,
                    KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalStateException(call.describe() + " has result type " + call.resultType());
        }
    }

    /**
     * The group's result (of a group with at least one value) in the Java type of the result type: Long for INT
     * and BIGINT (checked to fit), Double, BigDecimal (checked against the precision).
     */
    private Object result(int slot) {
        long high = highs[slot];
        long low = lows[slot];
        long count = counts[slot];
        boolean fitsLong = high == (low >> 63);
        DataType type = call.resultType();
        return switch (type.getKind()) {
            case INT, BIGINT -> {
                long value;
                if (!average) {
                    if (!fitsLong) {
                        throw overflow(bigSum(high, low).toString());
                    }
                    value = low;
                } else if (fitsLong) {
                    value = low / count; // Java's division truncates toward zero, as SQL's AVG of integers does
                } else {
                    BigInteger quotient = bigSum(high, low).divide(BigInteger.valueOf(count));
                    if (quotient.bitLength() > 63) {
                        throw overflow(quotient.toString());
                    }
                    value = quotient.longValue();
                }
                if (type.getKind() == DataType.Kind.INT && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
                    throw overflow(Long.toString(value));
                }
                yield value;
            }
            case DOUBLE -> {
                if (!average) {
                    yield new BigDecimal(bigSum(high, low), argumentScale).doubleValue();
                }
                if (fitsLong && argumentScale == 0) {
                    yield (double) low / count;
                }
                yield new BigDecimal(bigSum(high, low), argumentScale)
                        .divide(BigDecimal.valueOf(count), MathContext.DECIMAL128).doubleValue();
            }
            case DECIMAL -> {
                BigDecimal sum = new BigDecimal(fitsLong ? BigInteger.valueOf(low) : bigSum(high, low), argumentScale);
                BigDecimal value = average
                        ? sum.divide(BigDecimal.valueOf(count), type.getScale(), RoundingMode.HALF_UP)
                        : sum.setScale(type.getScale(), RoundingMode.UNNECESSARY);
                if (value.unscaledValue().abs().compareTo(POWERS_OF_TEN[type.getPrecision()]) >= 0) {
                    throw overflow(value.toPlainString());
                }
                yield value;
            }
            case BOOLEAN, VARCHAR, DATE, TIMESTAMP, NULL, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH, TIME_UNIT,
                    KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalStateException(call.describe() + " has result type " + type);
        };
    }

    private ExpressionException overflow(String value) {
        DataType type = call.resultType();
        String typeName = type.getKind() == DataType.Kind.DECIMAL
                ? "DECIMAL(" + type.getPrecision() + ", " + type.getScale() + ")" : type.getKind().toString();
        return new ExpressionException(call.describe() + ": the result overflows " + typeName + ": " + value);
    }

    static BigInteger bigSum(long high, long low) {
        byte[] bigEndian = new byte[16];
        ByteSink.putLong(bigEndian, 0, high);
        ByteSink.putLong(bigEndian, 8, low);
        return new BigInteger(bigEndian);
    }

    @Override
    long memoryBytes(int slots) {
        return 3L * counts.length * Long.BYTES;
    }
}
