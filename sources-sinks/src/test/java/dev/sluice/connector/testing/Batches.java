package dev.sluice.connector.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Builds Arrow batches from rows of Java values and reads them back, for tests. The Java value of each SQL type:
 * BOOLEAN {@link Boolean}, INT {@link Integer}, BIGINT {@link Long}, DOUBLE {@link Double}, DECIMAL
 * {@link BigDecimal}, VARCHAR {@link String}, DATE {@link LocalDate}, TIMESTAMP(3) {@link LocalDateTime} (UTC);
 * NULL is {@code null}.
 */
public final class Batches {
    private Batches() {}

    /** A row; unlike {@link List#of}, it may hold nulls. */
    public static List<Object> row(Object... values) {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /** A batch holding {@code rows}; the caller closes it. */
    public static VectorSchemaRoot build(BufferAllocator allocator, Schema schema, List<List<Object>> rows) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            root.allocateNew();
            List<FieldVector> vectors = root.getFieldVectors();
            for (int index = 0; index < rows.size(); index++) {
                List<Object> row = rows.get(index);
                if (row.size() != vectors.size()) {
                    throw new IllegalArgumentException("row " + index + " has " + row.size() + " values for "
                            + vectors.size() + " columns: " + row);
                }
                for (int column = 0; column < vectors.size(); column++) {
                    set(vectors.get(column), index, row.get(column));
                }
            }
            root.setRowCount(rows.size());
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** The rows of a batch as Java values. */
    public static List<List<Object>> rows(VectorSchemaRoot batch) {
        List<List<Object>> rows = new ArrayList<>(batch.getRowCount());
        List<FieldVector> vectors = batch.getFieldVectors();
        for (int index = 0; index < batch.getRowCount(); index++) {
            Object[] row = new Object[vectors.size()];
            for (int column = 0; column < row.length; column++) {
                row[column] = value(vectors.get(column), index);
            }
            rows.add(row(row));
        }
        return rows;
    }

    /** The values of one column of a batch. */
    public static List<Object> column(VectorSchemaRoot batch, String name) {
        FieldVector vector = batch.getVector(name);
        if (vector == null) {
            throw new IllegalArgumentException("no column " + name + " in " + batch.getSchema());
        }
        Object[] values = new Object[batch.getRowCount()];
        for (int index = 0; index < values.length; index++) {
            values[index] = value(vector, index);
        }
        return row(values);
    }

    /** The batch as Arrow IPC stream bytes (schema and one record batch): equal bytes mean identical batches. */
    public static byte[] ipcBytes(VectorSchemaRoot batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArrowStreamWriter writer = new ArrowStreamWriter(batch, null, Channels.newChannel(bytes))) {
            writer.start();
            writer.writeBatch();
            writer.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Object value(FieldVector vector, int index) {
        if (vector.isNull(index)) {
            return null;
        }
        if (vector instanceof BitVector booleans) {
            return booleans.get(index) != 0;
        }
        if (vector instanceof IntVector ints) {
            return ints.get(index);
        }
        if (vector instanceof BigIntVector longs) {
            return longs.get(index);
        }
        if (vector instanceof Float8Vector doubles) {
            return doubles.get(index);
        }
        if (vector instanceof DecimalVector decimals) {
            return decimals.getObject(index);
        }
        if (vector instanceof VarCharVector strings) {
            return new String(strings.get(index), StandardCharsets.UTF_8);
        }
        if (vector instanceof DateDayVector dates) {
            return LocalDate.ofEpochDay(dates.get(index));
        }
        if (vector instanceof TimeStampMilliVector timestamps) {
            long millis = timestamps.get(index);
            return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000) * 1_000_000,
                    ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("no test value for " + vector.getField());
    }

    private static void set(FieldVector vector, int index, Object value) {
        if (value == null) {
            vector.setNull(index);
        } else if (vector instanceof BitVector booleans) {
            booleans.setSafe(index, (Boolean) value ? 1 : 0);
        } else if (vector instanceof IntVector ints) {
            ints.setSafe(index, (Integer) value);
        } else if (vector instanceof BigIntVector longs) {
            longs.setSafe(index, (Long) value);
        } else if (vector instanceof Float8Vector doubles) {
            doubles.setSafe(index, (Double) value);
        } else if (vector instanceof DecimalVector decimals) {
            decimals.setSafe(index, (BigDecimal) value);
        } else if (vector instanceof VarCharVector strings) {
            strings.setSafe(index, ((String) value).getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof DateDayVector dates) {
            dates.setSafe(index, Math.toIntExact(((LocalDate) value).toEpochDay()));
        } else if (vector instanceof TimeStampMilliVector timestamps) {
            timestamps.setSafe(index, ((LocalDateTime) value).toInstant(ZoneOffset.UTC).toEpochMilli());
        } else {
            throw new IllegalArgumentException("no test value for " + vector.getField());
        }
    }
}
