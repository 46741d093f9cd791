package dev.sluice.connector.datagen;

import dev.sluice.connector.ConnectorOption;
import java.util.List;

/** The options of a datagen table, their defaults and what they mean (docs: datagen-print-blackhole.md). */
final class DatagenOptions {
    static final String ROWS_PER_SECOND = "rows-per-second";
    static final String NUMBER_OF_ROWS = "number-of-rows";
    static final String ROWS_PER_BATCH = "rows-per-batch";
    static final String SEED = "seed";

    /** Per-column options are {@code fields.<column>.<name>}. */
    static final String FIELDS_PREFIX = "fields.";
    static final String KIND = "kind";
    static final String START = "start";
    static final String END = "end";
    static final String MIN = "min";
    static final String MAX = "max";
    static final String LENGTH = "length";
    static final String NULL_RATE = "null-rate";
    static final List<String> FIELD_OPTIONS = List.of(KIND, START, END, MIN, MAX, LENGTH, NULL_RATE);

    /** The rate of a table that sets neither {@code rows-per-second} nor {@code number-of-rows} (Flink's too). */
    static final long DEFAULT_ROWS_PER_SECOND = 10_000;
    /** A trillion rows a second is far beyond any machine; the cap keeps the rate arithmetic free of overflow. */
    static final long MAX_ROWS_PER_SECOND = 1_000_000_000_000L;
    /** The default length of a random VARCHAR. */
    static final int DEFAULT_STRING_LENGTH = 10;
    /** The longest random VARCHAR: a megabyte, so that a batch's offsets (32-bit) cannot overflow on few rows. */
    static final int MAX_STRING_LENGTH = 1 << 20;

    static final List<ConnectorOption> SOURCE_OPTIONS = List.of(
            ConnectorOption.optional(ROWS_PER_SECOND, null, "rows the source makes available per second of wall"
                    + " time; default " + DEFAULT_ROWS_PER_SECOND + ", or no limit when number-of-rows is set"),
            ConnectorOption.optional(NUMBER_OF_ROWS, null, "the number of rows after which the source ends;"
                    + " unset: unbounded"),
            ConnectorOption.optional(ROWS_PER_BATCH, null, "the most rows one micro-batch reads; unset: all"
                    + " available rows"),
            ConnectorOption.optional(SEED, "0", "the seed of every random column"),
            ConnectorOption.optional(field(KIND), null, "'sequence' (default for INT, BIGINT, TIMESTAMP(3)) or"
                    + " 'random' (default for the other types)"),
            ConnectorOption.optional(field(START), null, "the first value of a sequence"),
            ConnectorOption.optional(field(END), null, "the last value of a sequence, after which it starts again"),
            ConnectorOption.optional(field(MIN), null, "the smallest random value"),
            ConnectorOption.optional(field(MAX), null, "the largest random value"),
            ConnectorOption.optional(field(LENGTH), null, "the length of a random VARCHAR; default "
                    + DEFAULT_STRING_LENGTH),
            ConnectorOption.optional(field(NULL_RATE), null, "the share of rows in which the column is NULL,"
                    + " 0 to 1; default 0"));

    private DatagenOptions() {}

    /** {@code fields.#.<name>}, the pattern that matches the option for any column. */
    private static String field(String name) {
        return FIELDS_PREFIX + "#." + name;
    }
}
