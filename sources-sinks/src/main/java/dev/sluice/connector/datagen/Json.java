package dev.sluice.connector.datagen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.connector.ConnectorException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Reads the small JSON objects of whole numbers that datagen writes (offsets, partitions, its log entry). */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** The non-negative whole-number fields {@code names} of a JSON object that has exactly those fields. */
    static long[] readLongs(String tableName, String what, String json, String... names) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw unreadable(tableName, what, json, "not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw unreadable(tableName, what, json, "expected a JSON object", null);
        }
        List<String> present = new ArrayList<>();
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            present.add(fields.next());
        }
        if (present.size() != names.length || !present.containsAll(List.of(names))) {
            throw unreadable(tableName, what, json, "expected the fields " + String.join(", ", names), null);
        }
        long[] values = new long[names.length];
        for (int index = 0; index < names.length; index++) {
            JsonNode value = node.get(names[index]);
            if (!value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < 0) {
                throw unreadable(tableName, what, json, "'" + names[index] + "' must be a whole number, 0 or more",
                        null);
            }
            values[index] = value.asLong();
        }
        return values;
    }

    static ConnectorException unreadable(String tableName, String what, String json, String problem,
            Throwable cause) {
        return new ConnectorException("datagen table " + tableName + ": cannot read " + what + " " + json + ": "
                + problem, cause);
    }
}
