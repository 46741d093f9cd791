package dev.sluice.connector.datagen;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.Connectors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A datagen table's settings, read and checked once from its options; shared by the driver's source and every
 * reader.
 *
 * @param tableName the table, for messages
 * @param schema the columns to generate
 * @param rowsPerSecond the rate, or empty for no rate limit (a bounded table without {@code rows-per-second})
 * @param numberOfRows where the source ends, or empty for an unbounded source
 * @param rowsPerBatch the most rows one micro-batch reads, or empty for no limit
 * @param generators one per column, in schema order
 */
record DatagenTable(String tableName, Schema schema, OptionalLong rowsPerSecond, OptionalLong numberOfRows,
        OptionalLong rowsPerBatch, List<ColumnGenerator> generators) {

    DatagenTable {
        requireNonNull(tableName, "tableName is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(rowsPerSecond, "rowsPerSecond is null");
        requireNonNull(numberOfRows, "numberOfRows is null");
        requireNonNull(rowsPerBatch, "rowsPerBatch is null");
        generators = List.copyOf(requireNonNull(generators, "generators is null"));
        if (generators.size() != schema.getFields().size()) {
            throw new IllegalArgumentException("one generator per column: " + generators.size() + " generators for "
                    + schema.getFields().size() + " columns");
        }
        if (rowsPerSecond.isEmpty() && numberOfRows.isEmpty()) {
            throw new IllegalArgumentException("an unbounded table needs a rate");
        }
    }

    /** Reads a table's options; the message of any problem names the table, the option and its value. */
    static DatagenTable parse(String tableName, Schema schema, Map<String, String> options) {
        OptionalLong numberOfRows = optionalLong(tableName, options, DatagenOptions.NUMBER_OF_ROWS, 0, Long.MAX_VALUE,
                "a number of rows, 0 or more");
        OptionalLong rowsPerSecond = optionalLong(tableName, options, DatagenOptions.ROWS_PER_SECOND, 1,
                DatagenOptions.MAX_ROWS_PER_SECOND, "a positive number of rows, at most "
                        + DatagenOptions.MAX_ROWS_PER_SECOND);
        if (rowsPerSecond.isEmpty() && numberOfRows.isEmpty()) {
            rowsPerSecond = OptionalLong.of(DatagenOptions.DEFAULT_ROWS_PER_SECOND);
        }
        OptionalLong rowsPerBatch = optionalLong(tableName, options, DatagenOptions.ROWS_PER_BATCH, 1, Long.MAX_VALUE,
                "a positive number of rows");
        long seed = optionalLong(tableName, options, DatagenOptions.SEED, Long.MIN_VALUE, Long.MAX_VALUE,
                "an integer").orElse(0);
        checkFieldOptions(tableName, schema, options);
        // Without a rate, a TIMESTAMP(3) sequence advances one millisecond per row: as if 1000 rows a second.
        long timestampRowsPerSecond = rowsPerSecond.orElse(1000);
        List<ColumnGenerator> generators = new ArrayList<>();
        for (Field field : schema.getFields()) {
            generators.add(new GeneratorOptions(tableName, field, options, seed, timestampRowsPerSecond).generator());
        }
        return new DatagenTable(tableName, schema, rowsPerSecond, numberOfRows, rowsPerBatch, generators);
    }

    boolean isBounded() {
        return numberOfRows.isPresent();
    }

    /**
     * Rejects {@code fields.*} options for columns the table lacks or names datagen does not know. The engine
     * checks this too ({@link Connectors#validate}); doing it here keeps a direct caller of the factory honest.
     */
    private static void checkFieldOptions(String tableName, Schema schema, Map<String, String> options) {
        Set<String> columns = new HashSet<>();
        for (Field field : schema.getFields()) {
            columns.add(field.getName());
        }
        for (String key : options.keySet()) {
            if (!key.startsWith(DatagenOptions.FIELDS_PREFIX)) {
                continue;
            }
            int dot = key.lastIndexOf('.');
            String column = key.substring(DatagenOptions.FIELDS_PREFIX.length(), Math.max(dot,
                    DatagenOptions.FIELDS_PREFIX.length()));
            String name = key.substring(dot + 1);
            if (!columns.contains(column) || !DatagenOptions.FIELD_OPTIONS.contains(name)) {
                throw new ConnectorException("datagen table " + tableName + ": option '" + key + "' names no column"
                        + " option; use fields.<column>.<" + String.join("|", DatagenOptions.FIELD_OPTIONS)
                        + "> with a column of the table (" + String.join(", ", schema.getFields().stream()
                                .map(Field::getName).toList()) + ")");
            }
        }
    }

    private static OptionalLong optionalLong(String tableName, Map<String, String> options, String key, long min,
            long max, String expected) {
        String value = options.get(key);
        if (value == null) {
            return OptionalLong.empty();
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(tableName, key, value, "expected " + expected);
        }
        if (parsed < min || parsed > max) {
            throw invalid(tableName, key, value, "expected " + expected);
        }
        return OptionalLong.of(parsed);
    }

    static ConnectorException invalid(String tableName, String key, String value, String problem) {
        return new ConnectorException("datagen table " + tableName + ": option '" + key + "' = '" + value + "': "
                + problem);
    }
}
