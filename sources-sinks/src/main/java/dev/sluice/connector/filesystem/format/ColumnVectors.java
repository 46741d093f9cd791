package dev.sluice.connector.filesystem.format;

import dev.sluice.connector.ConnectorException;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/** Matches a batch's vectors to the columns an encoder was made for, once per batch rather than per value. */
public final class ColumnVectors {
    private ColumnVectors() {}

    /**
     * The vectors of {@code batch} in column order, after checking that there is one per column and that each
     * has the column's type.
     *
     * @param destination what is being written, for the message (a file name)
     * @throws IllegalArgumentException naming the first column that does not match
     */
    public static FieldVector[] of(VectorSchemaRoot batch, List<Column> columns, String destination) {
        List<FieldVector> vectors = batch.getFieldVectors();
        if (vectors.size() != columns.size()) {
            throw new IllegalArgumentException("a batch for " + destination + " has " + vectors.size()
                    + " columns, expected " + columns.size() + " (" + batch.getSchema() + ")");
        }
        FieldVector[] result = new FieldVector[vectors.size()];
        for (int i = 0; i < result.length; i++) {
            FieldVector vector = vectors.get(i);
            Column column = columns.get(i);
            Field field = vector.getField();
            if (!matches(column, field)) {
                throw new IllegalArgumentException("a batch for " + destination + " has column " + (i + 1) + " '"
                        + field.getName() + "' of Arrow type " + field.getType() + ", expected " + column.sqlType()
                        + " for column '" + column.name() + "'");
            }
            result[i] = vector;
        }
        return result;
    }

    private static boolean matches(Column column, Field field) {
        Column actual;
        try {
            actual = Column.fromField("batch", field);
        } catch (ConnectorException unsupported) {
            return false;
        }
        // Names may differ (a query's output columns need not be named as the sink table's); types may not.
        return actual.type() == column.type() && actual.precision() == column.precision()
                && actual.scale() == column.scale();
    }
}
