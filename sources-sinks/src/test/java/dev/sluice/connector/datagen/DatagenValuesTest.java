package dev.sluice.connector.datagen;

import static dev.sluice.connector.testing.Columns.bigintColumn;
import static dev.sluice.connector.testing.Columns.booleanColumn;
import static dev.sluice.connector.testing.Columns.dateColumn;
import static dev.sluice.connector.testing.Columns.decimalColumn;
import static dev.sluice.connector.testing.Columns.doubleColumn;
import static dev.sluice.connector.testing.Columns.intColumn;
import static dev.sluice.connector.testing.Columns.schema;
import static dev.sluice.connector.testing.Columns.timestampColumn;
import static dev.sluice.connector.testing.Columns.varcharColumn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.connector.Source;
import dev.sluice.connector.testing.SourceReads;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The values each generator makes, with its defaults and with options. */
class DatagenValuesTest {
    private static final LocalDateTime BASE = LocalDateTime.of(2024, 1, 1, 0, 0);

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    @Test
    void timestampDefaultsToOneMillisecondPerRowWithoutARate() {
        assertEquals(List.of(BASE, BASE.plusNanos(1_000_000), BASE.plusNanos(2_000_000), BASE.plusNanos(3_000_000)),
                values(timestampColumn("ts"), Map.of("number-of-rows", "4")));
    }

    @Test
    void timestampSequenceFollowsTheRate() {
        // Row i is due floor(i * 1000 / 3) ms after the start: 0, 333, 666, 1000, 1333, ...
        List<Object> timestamps = values(timestampColumn("ts"), Map.of("number-of-rows", "3000",
                "rows-per-second", "3"), 7);
        for (int row = 0; row < timestamps.size(); row++) {
            assertEquals(BASE.plusNanos(row * 1000L / 3 * 1_000_000), timestamps.get(row), "row " + row);
        }
        assertEquals(BASE.plusSeconds(1), timestamps.get(3));
    }

    @Test
    void timestampSequenceFromStartToEndWraps() {
        LocalDateTime start = LocalDateTime.of(2024, 5, 1, 12, 0);
        assertEquals(List.of(start, start.plusNanos(1_000_000), start.plusNanos(2_000_000), start,
                start.plusNanos(1_000_000)), values(timestampColumn("ts"), Map.of("number-of-rows", "5",
                        "fields.ts.start", "2024-05-01 12:00:00", "fields.ts.end", "2024-05-01 12:00:00.002")));
    }

    @Test
    void integerSequenceWrapsFromEndToStart() {
        assertEquals(List.of(5, 6, 7, 5, 6, 7, 5), values(intColumn("n"), Map.of("number-of-rows", "7",
                "fields.n.start", "5", "fields.n.end", "7"), 2));
        assertEquals(List.of(-2L, -1L, 0L, 1L, -2L), values(bigintColumn("i"), Map.of("number-of-rows", "5",
                "fields.i.start", "-2", "fields.i.end", "1")));
        assertEquals(List.of(Long.MAX_VALUE - 1, Long.MAX_VALUE, Long.MAX_VALUE - 1), values(bigintColumn("i"),
                Map.of("number-of-rows", "3", "fields.i.start", String.valueOf(Long.MAX_VALUE - 1))));
        assertEquals(List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1), values(bigintColumn("i"),
                Map.of("number-of-rows", "2", "fields.i.start", String.valueOf(Long.MIN_VALUE))));
    }

    @Test
    void varcharSequenceIsTheNumbersText() {
        assertEquals(List.of("98", "99", "100", "98"), values(varcharColumn("s"), Map.of("number-of-rows", "4",
                "fields.s.kind", "sequence", "fields.s.start", "98", "fields.s.end", "100")));
        assertEquals(List.of("-10", "-9", "-8"), values(varcharColumn("s"), Map.of("number-of-rows", "3",
                "fields.s.kind", "sequence", "fields.s.start", "-10")));
        assertEquals(List.of(Long.toString(Long.MIN_VALUE)), values(varcharColumn("s"), Map.of("number-of-rows",
                "1", "fields.s.kind", "sequence", "fields.s.start", Long.toString(Long.MIN_VALUE))));
    }

    @Test
    void dateSequenceCountsDays() {
        // 'start' alone makes the (by default random) DATE column a sequence.
        assertEquals(List.of(LocalDate.of(2024, 2, 28), LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 1)),
                values(dateColumn("d"), Map.of("number-of-rows", "3", "fields.d.start", "2024-02-28")));
    }

    @Test
    void randomIntegersStayWithinMinAndMaxAndReachBoth() {
        // 'min' and 'max' alone make the column random.
        List<Object> dice = values(intColumn("n"), Map.of("number-of-rows", "600", "fields.n.min", "1",
                "fields.n.max", "6"));
        assertEquals(Set.of(1, 2, 3, 4, 5, 6), new HashSet<>(dice));
        List<Object> longs = values(bigintColumn("i"), Map.of("number-of-rows", "600", "fields.i.kind", "random",
                "fields.i.min", "-5", "fields.i.max", "5"));
        assertEquals(LongStream.rangeClosed(-5, 5).boxed().collect(java.util.stream.Collectors.toSet()),
                new HashSet<>(longs));
    }

    @Test
    void randomFullRangeIntegersUseTheWholeRange() {
        List<Object> longs = values(bigintColumn("i"), Map.of("number-of-rows", "200", "fields.i.kind", "random"));
        assertTrue(longs.stream().anyMatch(value -> (Long) value < 0));
        assertTrue(longs.stream().anyMatch(value -> (Long) value > Integer.MAX_VALUE));
        assertEquals(200, new HashSet<>(longs).size());
    }

    @Test
    void randomDoublesDefaultToTheUnitInterval() {
        List<Object> unit = values(doubleColumn("x"), Map.of("number-of-rows", "1000"));
        assertTrue(unit.stream().allMatch(value -> (Double) value >= 0 && (Double) value < 1), unit.toString());
        double mean = unit.stream().mapToDouble(Double.class::cast).average().orElseThrow();
        assertTrue(mean > 0.45 && mean < 0.55, "mean " + mean);
        List<Object> ranged = values(doubleColumn("x"), Map.of("number-of-rows", "1000", "fields.x.min", "10",
                "fields.x.max", "20"));
        assertTrue(ranged.stream().allMatch(value -> (Double) value >= 10 && (Double) value < 20));
    }

    @Test
    void randomDecimalsHaveTheColumnsScaleAndRange() {
        List<Object> defaults = values(decimalColumn("d", 6, 2), Map.of("number-of-rows", "500"));
        for (Object value : defaults) {
            BigDecimal decimal = (BigDecimal) value;
            assertEquals(2, decimal.scale());
            assertTrue(decimal.signum() >= 0 && decimal.compareTo(new BigDecimal("9999.99")) <= 0, decimal::toString);
        }
        List<Object> ranged = values(decimalColumn("d", 10, 2), Map.of("number-of-rows", "500", "fields.d.min",
                "1.5", "fields.d.max", "2.00"));
        assertTrue(ranged.contains(new BigDecimal("1.50")));
        assertTrue(ranged.contains(new BigDecimal("2.00")));
        assertTrue(ranged.stream().allMatch(value -> ((BigDecimal) value).compareTo(new BigDecimal("1.5")) >= 0
                && ((BigDecimal) value).compareTo(new BigDecimal("2")) <= 0));
        List<Object> wide = values(decimalColumn("d", 38, 10), Map.of("number-of-rows", "50", "fields.d.min",
                "-1.25"));
        assertTrue(wide.stream().allMatch(value -> ((BigDecimal) value).compareTo(new BigDecimal("-1.25")) >= 0
                && ((BigDecimal) value).scale() == 10));
    }

    @Test
    void randomStringsAreLowercaseLettersOfTheLength() {
        List<Object> defaults = values(varcharColumn("s"), Map.of("number-of-rows", "200"));
        assertTrue(defaults.stream().allMatch(value -> ((String) value).matches("[a-z]{10}")), defaults.toString());
        List<Object> long20 = values(varcharColumn("s"), Map.of("number-of-rows", "200", "fields.s.length", "20"));
        assertTrue(long20.stream().allMatch(value -> ((String) value).matches("[a-z]{20}")));
        Set<Integer> letters = new HashSet<>();
        long20.forEach(value -> ((String) value).chars().forEach(letters::add));
        assertEquals(26, letters.size(), "every letter appears");
        assertEquals(List.of("", "", ""), values(varcharColumn("s"), Map.of("number-of-rows", "3",
                "fields.s.length", "0")));
    }

    @Test
    void randomDatesAndTimestampsDefaultTo2024() {
        List<Object> dates = values(dateColumn("d"), Map.of("number-of-rows", "500"));
        assertTrue(dates.stream().allMatch(value -> ((LocalDate) value).getYear() == 2024));
        assertTrue(new HashSet<>(dates).size() > 200, "spread over the year");
        List<Object> timestamps = values(timestampColumn("ts"), Map.of("number-of-rows", "500",
                "fields.ts.kind", "random"));
        assertTrue(timestamps.stream().allMatch(value -> ((LocalDateTime) value).getYear() == 2024));
        List<Object> ranged = values(timestampColumn("ts"), Map.of("number-of-rows", "100", "fields.ts.kind",
                "random", "fields.ts.min", "2030-06-01 00:00:00", "fields.ts.max", "2030-06-01 00:00:00.009"));
        assertEquals(IntStream.range(0, 10).mapToObj(ms -> LocalDateTime.of(2030, 6, 1, 0, 0)
                .plusNanos(ms * 1_000_000L)).collect(java.util.stream.Collectors.toSet()), new HashSet<>(ranged));
        List<Object> days = values(dateColumn("d"), Map.of("number-of-rows", "100", "fields.d.min", "1999-12-30",
                "fields.d.max", "2000-01-01"));
        assertEquals(Set.of(LocalDate.of(1999, 12, 30), LocalDate.of(1999, 12, 31), LocalDate.of(2000, 1, 1)),
                new HashSet<>(days));
    }

    @Test
    void randomBooleansTakeBothValues() {
        List<Object> flags = values(booleanColumn("b"), Map.of("number-of-rows", "1000"));
        long trues = flags.stream().filter(Boolean.TRUE::equals).count();
        assertTrue(trues > 430 && trues < 570, "true " + trues + " times in 1000");
        assertEquals(1000, flags.stream().filter(Objects::nonNull).count());
    }

    @Test
    void nullRateMakesThatShareOfNulls() {
        for (Field column : List.of(bigintColumn("c"), intColumn("c"), booleanColumn("c"), doubleColumn("c"),
                decimalColumn("c", 9, 3), varcharColumn("c"), dateColumn("c"), timestampColumn("c"))) {
            List<Object> values = values(column, Map.of("number-of-rows", "4000", "fields.c.null-rate", "0.25"),
                    999);
            long nulls = values.stream().filter(Objects::isNull).count();
            assertTrue(nulls > 850 && nulls < 1150, column + ": " + nulls + " NULLs in 4000");
            List<Object> all = values(column, Map.of("number-of-rows", "30", "fields.c.null-rate", "1"));
            assertTrue(all.stream().allMatch(Objects::isNull), column + ": " + all);
        }
    }

    @Test
    void nullsInASequenceLeaveTheOtherRowsValues() {
        List<Object> values = values(bigintColumn("i"), Map.of("number-of-rows", "100", "fields.i.null-rate", "0.5"));
        for (int row = 0; row < values.size(); row++) {
            assertTrue(values.get(row) == null || values.get(row).equals((long) row), "row " + row);
        }
        List<Object> strings = values(varcharColumn("s"), Map.of("number-of-rows", "100", "fields.s.kind",
                "sequence", "fields.s.null-rate", "0.5"), 9);
        for (int row = 0; row < strings.size(); row++) {
            assertTrue(strings.get(row) == null || strings.get(row).equals(Integer.toString(row)), "row " + row);
        }
    }

    /** The column's values for rows {@code [0, number-of-rows)}, read in batches of 1000. */
    private List<Object> values(Field column, Map<String, String> options) {
        return values(column, options, 1000);
    }

    private List<Object> values(Field column, Map<String, String> options, int maxRowsPerBatch) {
        Source source = DatagenReadTest.create(schema(column), options);
        long rows = Long.parseLong(options.get("number-of-rows"));
        return SourceReads.read(source, source, new DatagenOffset(0), new DatagenOffset(rows), 1, maxRowsPerBatch,
                allocator).rows().stream().map(row -> row.get(0)).toList();
    }
}
