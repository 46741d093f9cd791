package dev.sluice.connector.filesystem.format;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.ConnectorException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One column of a file-backed table, as the file formats see it.
 *
 * @param name the column's name (the JSON field name; CSV columns go by position)
 * @param type the column's SQL type
 * @param precision the total digits of a DECIMAL, 0 for other types
 * @param scale the fraction digits of a DECIMAL, 0 for other types
 */
public record Column(String name, ColumnType type, int precision, int scale) {
    /** Arrow's Decimal128 holds at most 38 digits. */
    public static final int MAX_DECIMAL_PRECISION = 38;

    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (type == ColumnType.DECIMAL) {
            if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
                throw new IllegalArgumentException("DECIMAL precision must be 1 to " + MAX_DECIMAL_PRECISION
                        + ": " + precision + " (column " + name + ")");
            }
            if (scale < 0 || scale > precision) {
                throw new IllegalArgumentException("DECIMAL scale must be 0 to the precision " + precision
                        + ": " + scale + " (column " + name + ")");
            }
        } else if (precision != 0 || scale != 0) {
            throw new IllegalArgumentException("only DECIMAL has a precision and scale (column " + name + ")");
        }
    }

    public static Column of(String name, ColumnType type) {
        return new Column(name, type, 0, 0);
    }

    public static Column decimal(String name, int precision, int scale) {
        return new Column(name, ColumnType.DECIMAL, precision, scale);
    }

    /** The type as SQL spells it, for messages: {@code DECIMAL(10,2)}, {@code TIMESTAMP(3)}. */
    public String sqlType() {
        switch (type) {
            case DECIMAL:
                return "DECIMAL(" + precision + "," + scale + ")";
            case TIMESTAMP:
                return "TIMESTAMP(3)";
            case BOOLEAN:
            case INT:
            case BIGINT:
            case DOUBLE:
            case VARCHAR:
            case DATE:
                return type.name();
        }
        throw new AssertionError(type);
    }

    /**
     * The columns of {@code schema}; a column whose Arrow type has no file representation is an error that names
     * the table, the column and the supported types.
     */
    public static List<Column> fromSchema(String tableName, Schema schema) {
        requireNonNull(tableName, "tableName is null");
        requireNonNull(schema, "schema is null");
        List<Column> columns = new ArrayList<>(schema.getFields().size());
        for (Field field : schema.getFields()) {
            columns.add(fromField(tableName, field));
        }
        return List.copyOf(columns);
    }

    /** The column of one Arrow field; see {@link #fromSchema}. */
    public static Column fromField(String tableName, Field field) {
        ArrowType type = field.getType();
        switch (type.getTypeID()) {
            case Bool:
                return of(field.getName(), ColumnType.BOOLEAN);
            case Int: {
                ArrowType.Int integer = (ArrowType.Int) type;
                if (integer.getIsSigned() && integer.getBitWidth() == 32) {
                    return of(field.getName(), ColumnType.INT);
                }
                if (integer.getIsSigned() && integer.getBitWidth() == 64) {
                    return of(field.getName(), ColumnType.BIGINT);
                }
                break;
            }
            case FloatingPoint:
                if (((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE) {
                    return of(field.getName(), ColumnType.DOUBLE);
                }
                break;
            case Decimal: {
                ArrowType.Decimal decimal = (ArrowType.Decimal) type;
                if (decimal.getBitWidth() == 128) {
                    return decimal(field.getName(), decimal.getPrecision(), decimal.getScale());
                }
                break;
            }
            case Utf8:
                return of(field.getName(), ColumnType.VARCHAR);
            case Date:
                if (((ArrowType.Date) type).getUnit() == DateUnit.DAY) {
                    return of(field.getName(), ColumnType.DATE);
                }
                break;
            case Timestamp: {
                ArrowType.Timestamp timestamp = (ArrowType.Timestamp) type;
                if (timestamp.getUnit() == TimeUnit.MILLISECOND && timestamp.getTimezone() == null) {
                    return of(field.getName(), ColumnType.TIMESTAMP);
                }
                break;
            }
            default:
                break; // every other Arrow type is reported below
        }
        throw new ConnectorException("table " + tableName + ": column '" + field.getName() + "' has Arrow type "
                + type + ", which the filesystem connector cannot read or write; supported: BOOLEAN, INT, BIGINT,"
                + " DOUBLE, DECIMAL(p,s), VARCHAR, DATE, TIMESTAMP(3)");
    }
}
