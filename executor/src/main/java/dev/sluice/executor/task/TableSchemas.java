package dev.sluice.executor.task;

import static java.util.Objects.requireNonNull;

import dev.sluice.executor.expression.ArrowTypes;
import dev.sluice.executor.expression.ExpressionException;
import dev.sluice.planner.plan.proto.ColumnDefinition;
import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.planner.plan.proto.TableDefinition;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow form of the plan's column types: what connectors read and write. The same mapping as the planner's
 * catalog, so a connector sees the same schema whether the driver or an executor created it.
 */
public final class TableSchemas {
    private TableSchemas() {}

    /** The Arrow schema of a table's physical columns, in order. */
    public static Schema schemaOf(TableDefinition table) {
        requireNonNull(table, "table is null");
        return schemaOf(table.getName(), table.getColumnsList());
    }

    /** The Arrow schema of {@code columns}; {@code owner} names the table or pipeline in errors. */
    public static Schema schemaOf(String owner, List<ColumnDefinition> columns) {
        List<Field> fields = new ArrayList<>(columns.size());
        for (ColumnDefinition column : columns) {
            ArrowType type = arrowType(column.getType(), owner + "." + column.getName());
            fields.add(new Field(column.getName(), new FieldType(column.getType().getNullable(), type, null), null));
        }
        return new Schema(fields);
    }

    /**
     * The Arrow type of a column type.
     *
     * @param where the column, for the error about a type that has no Arrow column form
     */
    public static ArrowType arrowType(DataType type, String where) {
        requireNonNull(type, "type is null");
        try {
            return ArrowTypes.arrowType(type);
        } catch (ExpressionException notAColumnType) {
            throw new IllegalArgumentException("column " + where + " has type " + type.getKind()
                    + ", which a table cannot store");
        }
    }
}
