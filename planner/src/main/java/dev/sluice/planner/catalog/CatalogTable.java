package dev.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A table from {@code CREATE TABLE}: its columns in declared order, its watermark and its connector options.
 *
 * @param name the name as declared
 * @param columns physical and computed columns in declared order (at least one)
 * @param watermark the event-time column and delay, if the table has a {@code WATERMARK}
 * @param options the {@code WITH} options in declared order, including {@code connector}
 * @param position where the table's name is in the script, for errors found later (connector options)
 */
public record CatalogTable(String name, List<Column> columns, Optional<Watermark> watermark,
        Map<String, String> options, SqlParserPos position) {
    /** The option that names the connector. */
    public static final String CONNECTOR_OPTION = "connector";

    public CatalogTable {
        requireNonNull(name, "name is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(watermark, "watermark is null");
        // Kept in declared order, for messages and for plan text that reads like the DDL.
        options = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(options, "options is null")));
        requireNonNull(position, "position is null");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table " + name + " has no columns");
        }
        if (!options.containsKey(CONNECTOR_OPTION)) {
            throw new IllegalArgumentException("table " + name + " has no '" + CONNECTOR_OPTION + "' option");
        }
    }

    /** The value of the {@code connector} option. */
    public String connector() {
        return options.get(CONNECTOR_OPTION);
    }

    /** The columns the connector stores, in declared order. */
    public List<PhysicalColumn> physicalColumns() {
        List<PhysicalColumn> physical = new ArrayList<>();
        for (Column column : columns) {
            if (column instanceof PhysicalColumn stored) {
                physical.add(stored);
            }
        }
        return List.copyOf(physical);
    }

    public List<ComputedColumn> computedColumns() {
        List<ComputedColumn> computed = new ArrayList<>();
        for (Column column : columns) {
            if (column instanceof ComputedColumn derived) {
                computed.add(derived);
            }
        }
        return List.copyOf(computed);
    }

    /** The column with this name, ignoring case. */
    public Optional<Column> column(String columnName) {
        for (Column column : columns) {
            if (column.name().equalsIgnoreCase(columnName)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    /** The Arrow schema of the physical columns: what the connector reads or writes. */
    public Schema physicalSchema() {
        List<Field> fields = new ArrayList<>();
        for (PhysicalColumn column : physicalColumns()) {
            fields.add(new Field(column.name(), new FieldType(column.nullable(), column.type().arrowType(), null),
                    null));
        }
        return new Schema(fields);
    }
}
