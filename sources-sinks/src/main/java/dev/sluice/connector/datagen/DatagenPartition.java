package dev.sluice.connector.datagen;

import dev.sluice.connector.InputPartition;

/**
 * The rows {@code [startRow, endRow)} of a datagen table, read by one task. It carries only the range: a reader
 * makes every value from the row index and the table's options. JSON {@code {"startRow":0,"endRow":500}}.
 *
 * @param startRow the first row
 * @param endRow the row after the last
 */
record DatagenPartition(long startRow, long endRow) implements InputPartition {
    DatagenPartition {
        if (startRow < 0 || endRow < startRow) {
            throw new IllegalArgumentException("need 0 <= startRow <= endRow: [" + startRow + ", " + endRow + ")");
        }
    }

    long rowCount() {
        return endRow - startRow;
    }

    @Override
    public String json() {
        return "{\"startRow\":" + startRow + ",\"endRow\":" + endRow + "}";
    }

    static DatagenPartition fromJson(String tableName, String json) {
        long[] values = Json.readLongs(tableName, "partition", json, "startRow", "endRow");
        try {
            return new DatagenPartition(values[0], values[1]);
        } catch (IllegalArgumentException e) {
            throw Json.unreadable(tableName, "partition", json, e.getMessage(), null);
        }
    }
}
