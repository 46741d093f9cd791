package dev.sluice.connector.datagen;

import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.datagen.ColumnGenerator.NullRate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Reads one column's {@code fields.<column>.*} options and builds its {@link ColumnGenerator}. */
final class GeneratorOptions {
    /** Where default dates and timestamps begin: 2024-01-01, a fixed point so that output never depends on "now". */
    static final LocalDate DEFAULT_FIRST_DATE = LocalDate.of(2024, 1, 1);
    static final LocalDate DEFAULT_LAST_DATE = LocalDate.of(2024, 12, 31);
    static final long DEFAULT_FIRST_MILLIS = DEFAULT_FIRST_DATE.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    static final long DEFAULT_LAST_MILLIS =
            DEFAULT_LAST_DATE.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() - 1;
    /** The DDL's timestamp text, {@code yyyy-MM-dd HH:mm:ss} with up to three fraction digits, in UTC. */
    static final DateTimeFormatter TIMESTAMP_FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 3, true).optionalEnd()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    /** The most digits of a decimal generated as a 64-bit unscaled value. */
    private static final int MAX_LONG_DIGITS = 18;

    private enum Kind { SEQUENCE, RANDOM }

    private final String tableName;
    private final Field field;
    private final ColumnType type;
    private final Map<String, String> options;
    private final long columnKey;
    private final long timestampRowsPerSecond;

    GeneratorOptions(String tableName, Field field, Map<String, String> options, long seed,
            long timestampRowsPerSecond) {
        this.tableName = tableName;
        this.field = field;
        this.type = ColumnType.of(field);
        this.options = options;
        this.columnKey = RowHash.columnKey(seed, field.getName());
        this.timestampRowsPerSecond = timestampRowsPerSecond;
        if (type == null) {
            throw new ConnectorException("datagen table " + tableName + ": column '" + field.getName() + "' has type "
                    + field.getType() + ", which datagen cannot generate; it makes BOOLEAN, INT, BIGINT, DOUBLE,"
                    + " DECIMAL, VARCHAR, DATE and TIMESTAMP(3)");
        }
    }

    ColumnGenerator generator() {
        Kind kind = kind();
        NullRate nullRate = nullRate();
        List<String> allowed = new ArrayList<>(List.of(DatagenOptions.KIND, DatagenOptions.NULL_RATE));
        switch (kind) {
            case SEQUENCE -> allowed.addAll(List.of(DatagenOptions.START, DatagenOptions.END));
            case RANDOM -> {
                switch (type) {
                    case VARCHAR -> allowed.add(DatagenOptions.LENGTH);
                    case BOOLEAN -> { }
                    case INT, BIGINT, DOUBLE, DECIMAL, DATE, TIMESTAMP -> allowed.addAll(
                            List.of(DatagenOptions.MIN, DatagenOptions.MAX));
                }
            }
        }
        for (String name : DatagenOptions.FIELD_OPTIONS) {
            if (!allowed.contains(name) && options.containsKey(key(name))) {
                throw invalid(name, "does not apply to " + describe(kind) + "; it takes "
                        + String.join(", ", allowed.stream().map(this::key).toList()));
            }
        }
        return switch (kind) {
            case SEQUENCE -> sequence(nullRate);
            case RANDOM -> random(nullRate);
        };
    }

    private ColumnGenerator sequence(NullRate nullRate) {
        return switch (type) {
            case INT -> {
                long start = integer(DatagenOptions.START, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
                long end = integer(DatagenOptions.END, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE);
                checkOrder(DatagenOptions.START, start, DatagenOptions.END, end);
                yield new SequenceGenerators.IntSequence((int) start, (int) end, nullRate);
            }
            case BIGINT, VARCHAR -> {
                long start = integer(DatagenOptions.START, 0, Long.MIN_VALUE, Long.MAX_VALUE);
                long end = integer(DatagenOptions.END, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
                checkOrder(DatagenOptions.START, start, DatagenOptions.END, end);
                yield type == ColumnType.BIGINT
                        ? new SequenceGenerators.LongSequence(start, end, nullRate)
                        : new SequenceGenerators.VarcharSequence(start, end, nullRate);
            }
            case DATE -> {
                long start = date(DatagenOptions.START, DEFAULT_FIRST_DATE);
                long end = date(DatagenOptions.END, LocalDate.of(9999, 12, 31));
                checkOrder(DatagenOptions.START, start, DatagenOptions.END, end);
                yield new SequenceGenerators.IntSequence((int) start, (int) end, nullRate);
            }
            case TIMESTAMP -> {
                long start = timestamp(DatagenOptions.START, DEFAULT_FIRST_MILLIS);
                long period = 0;
                if (options.containsKey(key(DatagenOptions.END))) {
                    long end = timestamp(DatagenOptions.END, 0);
                    checkOrder(DatagenOptions.START, start, DatagenOptions.END, end);
                    period = end - start + 1;
                }
                yield new SequenceGenerators.TimestampSequence(start, period, timestampRowsPerSecond, nullRate);
            }
            case BOOLEAN, DOUBLE, DECIMAL -> throw invalid(DatagenOptions.KIND, "a " + type.sqlName()
                    + " column cannot be a sequence; use 'random', or a computed column over a sequence"
                    + " (for example CAST(i AS " + type.sqlName() + "))");
        };
    }

    private ColumnGenerator random(NullRate nullRate) {
        return switch (type) {
            case BOOLEAN -> new RandomGenerators.BooleanRandom(columnKey, nullRate);
            case INT -> {
                long min = integer(DatagenOptions.MIN, Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE);
                long max = integer(DatagenOptions.MAX, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE);
                checkOrder(DatagenOptions.MIN, min, DatagenOptions.MAX, max);
                yield new RandomGenerators.IntRandom(columnKey, (int) min, (int) max, nullRate);
            }
            case BIGINT -> {
                long min = integer(DatagenOptions.MIN, Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
                long max = integer(DatagenOptions.MAX, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
                checkOrder(DatagenOptions.MIN, min, DatagenOptions.MAX, max);
                yield new RandomGenerators.LongRandom(columnKey, min, max, nullRate);
            }
            case DOUBLE -> {
                double min = floating(DatagenOptions.MIN, 0);
                double max = floating(DatagenOptions.MAX, 1);
                if (!(min <= max)) {
                    throw outOfOrder(DatagenOptions.MIN, DatagenOptions.MAX);
                }
                if (!Double.isFinite(max - min)) {
                    throw invalid(DatagenOptions.MAX, "the range from " + min + " is too wide for a DOUBLE");
                }
                yield new RandomGenerators.DoubleRandom(columnKey, min, max, nullRate);
            }
            case DECIMAL -> {
                ArrowType.Decimal decimal = (ArrowType.Decimal) field.getType();
                int digits = Math.min(decimal.getPrecision(), MAX_LONG_DIGITS);
                long largest = BigInteger.TEN.pow(digits).longValueExact() - 1;
                long min = unscaled(DatagenOptions.MIN, decimal, 0);
                long max = unscaled(DatagenOptions.MAX, decimal, largest);
                checkOrder(DatagenOptions.MIN, min, DatagenOptions.MAX, max);
                yield new RandomGenerators.DecimalRandom(columnKey, min, max, nullRate);
            }
            case VARCHAR -> new RandomGenerators.VarcharRandom(columnKey, (int) integer(DatagenOptions.LENGTH,
                    DatagenOptions.DEFAULT_STRING_LENGTH, 0, DatagenOptions.MAX_STRING_LENGTH), nullRate);
            case DATE -> {
                long min = date(DatagenOptions.MIN, DEFAULT_FIRST_DATE);
                long max = date(DatagenOptions.MAX, DEFAULT_LAST_DATE);
                checkOrder(DatagenOptions.MIN, min, DatagenOptions.MAX, max);
                yield new RandomGenerators.IntRandom(columnKey, (int) min, (int) max, nullRate);
            }
            case TIMESTAMP -> {
                long min = timestamp(DatagenOptions.MIN, DEFAULT_FIRST_MILLIS);
                long max = timestamp(DatagenOptions.MAX, DEFAULT_LAST_MILLIS);
                checkOrder(DatagenOptions.MIN, min, DatagenOptions.MAX, max);
                yield new RandomGenerators.LongRandom(columnKey, min, max, nullRate);
            }
        };
    }

    private Kind kind() {
        String value = options.get(key(DatagenOptions.KIND));
        if (value == null) {
            // Options that belong to one kind choose it: 'min' and 'max' alone ask for random numbers, 'start'
            // and 'end' for a sequence (of a type that has sequences).
            if (options.containsKey(key(DatagenOptions.MIN)) || options.containsKey(key(DatagenOptions.MAX))
                    || options.containsKey(key(DatagenOptions.LENGTH))) {
                return Kind.RANDOM;
            }
            boolean sequenceOptions = options.containsKey(key(DatagenOptions.START))
                    || options.containsKey(key(DatagenOptions.END));
            return switch (type) {
                case INT, BIGINT, TIMESTAMP -> Kind.SEQUENCE;
                case VARCHAR, DATE -> sequenceOptions ? Kind.SEQUENCE : Kind.RANDOM;
                case BOOLEAN, DOUBLE, DECIMAL -> Kind.RANDOM;
            };
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "sequence" -> Kind.SEQUENCE;
            case "random" -> Kind.RANDOM;
            default -> throw invalid(DatagenOptions.KIND, "expected 'sequence' or 'random'");
        };
    }

    private NullRate nullRate() {
        String value = options.get(key(DatagenOptions.NULL_RATE));
        if (value == null) {
            return NullRate.NEVER;
        }
        double rate;
        try {
            rate = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(DatagenOptions.NULL_RATE, "expected a number from 0 to 1");
        }
        if (!(rate >= 0 && rate <= 1)) {
            throw invalid(DatagenOptions.NULL_RATE, "expected a number from 0 to 1");
        }
        if (rate > 0 && !field.isNullable()) {
            throw invalid(DatagenOptions.NULL_RATE, "column '" + field.getName() + "' is NOT NULL");
        }
        return NullRate.of(columnKey, rate);
    }

    private long integer(String name, long defaultValue, long min, long max) {
        String value = options.get(key(name));
        if (value == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw invalid(name, "expected an integer from " + min + " to " + max + " for " + describeColumn());
    }

    private double floating(String name, double defaultValue) {
        String value = options.get(key(name));
        if (value == null) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, "expected a finite number for " + describeColumn());
    }

    /** A date option as days since 1970-01-01. */
    private long date(String name, LocalDate defaultValue) {
        String value = options.get(key(name));
        if (value == null) {
            return defaultValue.toEpochDay();
        }
        try {
            return LocalDate.parse(value.trim()).toEpochDay();
        } catch (DateTimeParseException e) {
            throw invalid(name, "expected a date yyyy-MM-dd for " + describeColumn());
        }
    }

    /** A timestamp option ({@code yyyy-MM-dd HH:mm:ss[.SSS]}, UTC) as milliseconds since the epoch. */
    private long timestamp(String name, long defaultValue) {
        String value = options.get(key(name));
        if (value == null) {
            return defaultValue;
        }
        try {
            return LocalDateTime.parse(value.trim(), TIMESTAMP_FORMAT).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw invalid(name, "expected a timestamp yyyy-MM-dd HH:mm:ss[.SSS] (UTC) for " + describeColumn());
        }
    }

    /** A decimal option as its unscaled value at the column's scale; it must fit the column and 18 digits. */
    private long unscaled(String name, ArrowType.Decimal decimal, long defaultValue) {
        String value = options.get(key(name));
        if (value == null) {
            return defaultValue;
        }
        BigDecimal parsed;
        try {
            parsed = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, "expected a number for " + describeColumn());
        }
        BigInteger unscaled;
        try {
            unscaled = parsed.setScale(decimal.getScale()).unscaledValue();
        } catch (ArithmeticException e) {
            throw invalid(name, "has more than " + decimal.getScale() + " digits after the point for "
                    + describeColumn());
        }
        int digits = Math.min(decimal.getPrecision(), MAX_LONG_DIGITS);
        if (unscaled.abs().compareTo(BigInteger.TEN.pow(digits)) >= 0) {
            throw invalid(name, "does not fit " + describeColumn() + (decimal.getPrecision() > MAX_LONG_DIGITS
                    ? " (random decimals have at most " + MAX_LONG_DIGITS + " digits)" : ""));
        }
        return unscaled.longValueExact();
    }

    /** Rejects {@code low > high}, blaming the option the user set (the other may be a default). */
    private void checkOrder(String lowName, long low, String highName, long high) {
        if (low > high) {
            throw outOfOrder(lowName, highName);
        }
    }

    private ConnectorException outOfOrder(String lowName, String highName) {
        if (options.containsKey(key(highName))) {
            return invalid(highName, "must not be below " + key(lowName) + " (" + shown(lowName) + ")");
        }
        return invalid(lowName, "must not be above " + key(highName) + " (" + shown(highName) + ")");
    }

    private String shown(String name) {
        String value = options.get(key(name));
        return value == null ? "its default" : "'" + value + "'";
    }

    private String key(String name) {
        return DatagenOptions.FIELDS_PREFIX + field.getName() + "." + name;
    }

    private String describeColumn() {
        ArrowType arrowType = field.getType();
        String sqlType = arrowType instanceof ArrowType.Decimal decimal
                ? "DECIMAL(" + decimal.getPrecision() + ", " + decimal.getScale() + ")" : type.sqlName();
        return "column '" + field.getName() + "' (" + sqlType + ")";
    }

    private String describe(Kind kind) {
        return "a " + kind.name().toLowerCase(Locale.ROOT) + " " + describeColumn();
    }

    private ConnectorException invalid(String name, String problem) {
        String value = options.get(key(name));
        return DatagenTable.invalid(tableName, key(name), value, problem);
    }
}
