package dev.sluice.connector.datagen;

import dev.sluice.connector.Offset;

/**
 * A position in a datagen source: the rows {@code [0, rows)} come before it. JSON {@code {"rows":1234}}.
 *
 * @param rows the number of rows before this offset
 */
record DatagenOffset(long rows) implements Offset {
    DatagenOffset {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative: " + rows);
        }
    }

    @Override
    public String json() {
        return "{\"rows\":" + rows + "}";
    }

    static DatagenOffset fromJson(String tableName, String json) {
        return new DatagenOffset(Json.readLongs(tableName, "offset", json, "rows")[0]);
    }
}
