package dev.sluice.connector.filesystem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.connector.ConnectorException;

/**
 * Reads and writes the small JSON documents of this connector (offsets, partitions, log entries, commit
 * messages). Fields are written in a fixed order, so the same value always gives the same bytes: a replayed
 * publish of a log entry must find identical content.
 */
final class JsonFields {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFields() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("cannot write JSON: " + impossible.getOriginalMessage(), impossible);
        }
    }

    /**
     * @param what the document, for messages ("a filesystem source offset")
     */
    static JsonNode parseObject(String json, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException invalid) {
            throw new ConnectorException("invalid JSON in " + what + ": " + invalid.getOriginalMessage() + ": " + json);
        }
        if (node == null || !node.isObject()) {
            throw new ConnectorException(what + " must be a JSON object: " + json);
        }
        return node;
    }

    static long requiredLong(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new ConnectorException(what + " needs an integer field '" + field + "': " + node);
        }
        return value.longValue();
    }

    static String requiredText(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new ConnectorException(what + " needs a string field '" + field + "': " + node);
        }
        return value.textValue();
    }

    static JsonNode requiredArray(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new ConnectorException(what + " needs an array field '" + field + "': " + node);
        }
        return value;
    }
}
