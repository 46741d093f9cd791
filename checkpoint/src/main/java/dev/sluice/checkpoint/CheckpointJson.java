package dev.sluice.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The JSON conventions of the checkpoint's own files: one compact JSON object per line, fields in a fixed order
 * (so that the same entry always encodes to the same bytes, which is what makes a replayed publish a no-op), and
 * readers that name the file and line of anything missing or malformed. Readers ignore fields they do not know,
 * so a later Sluice can add a field without a new format version as long as older readers may safely skip it.
 */
final class CheckpointJson {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private CheckpointJson() {}

    /** Writes one line of JSON with {@code body}, which must write exactly one value. */
    static String line(JsonBody body) {
        StringWriter text = new StringWriter(128);
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            body.write(generator);
        } catch (IOException e) {
            // A StringWriter does not fail; anything here is a bug in the body.
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Writes a string map with its keys sorted, for byte-stable files. */
    static void writeSortedStringMap(JsonGenerator generator, Map<String, String> map) throws IOException {
        generator.writeStartObject();
        SortedMap<String, String> sorted = map instanceof SortedMap<String, String> already && already.comparator() == null
                ? already
                : new TreeMap<>(map);
        for (Map.Entry<String, String> entry : sorted.entrySet()) {
            generator.writeStringField(entry.getKey(), entry.getValue());
        }
        generator.writeEndObject();
    }

    /**
     * Checks that {@code json} is exactly one JSON value and returns it on one line: line breaks, which valid JSON
     * can hold only as whitespace between tokens (never inside a string), become spaces. Everything else is kept
     * byte for byte, because offsets are opaque to the engine and a connector may compare them as text.
     *
     * @param what names the value in the error, for example "end offset of source 0 (orders)"
     */
    static String oneLineJsonValue(String json, String what) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new IllegalArgumentException(what + " is empty; expected one JSON value");
            }
            parser.skipChildren();
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new IllegalArgumentException(what + " holds more than one JSON value: " + abbreviate(json));
            }
        } catch (JsonProcessingException malformed) {
            throw new IllegalArgumentException(what + " is not valid JSON (" + malformed.getOriginalMessage()
                    + " at column " + malformed.getLocation().getColumnNr() + "): " + abbreviate(json), malformed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String trimmed = json.strip();
        return trimmed.indexOf('\n') < 0 && trimmed.indexOf('\r') < 0
                ? trimmed
                : trimmed.replace('\r', ' ').replace('\n', ' ');
    }

    /** Parses one JSON object line of {@code file}; {@code lineNumber} counts from 1 with the format line. */
    static ObjectNode parseObject(String file, int lineNumber, String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException malformed) {
            throw new CorruptCheckpointFileException(file, "line " + lineNumber + ", column "
                    + malformed.getLocation().getColumnNr() + ": not valid JSON (" + malformed.getOriginalMessage()
                    + ")", malformed);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new CorruptCheckpointFileException(file, "line " + lineNumber + ": expected a JSON object, found "
                    + abbreviate(line));
        }
        return object;
    }

    static long requiredLong(String file, int lineNumber, ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new CorruptCheckpointFileException(file, "line " + lineNumber + ": field '" + field + "' "
                    + (value == null ? "is missing" : "must be a whole number, found " + value));
        }
        return value.longValue();
    }

    static int requiredInt(String file, int lineNumber, ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new CorruptCheckpointFileException(file, "line " + lineNumber + ": field '" + field + "' "
                    + (value == null ? "is missing" : "must be a whole number, found " + value));
        }
        return value.intValue();
    }

    static String requiredText(String file, int lineNumber, ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isTextual()) {
            throw new CorruptCheckpointFileException(file, "line " + lineNumber + ": field '" + field + "' "
                    + (value == null ? "is missing" : "must be a string, found " + value));
        }
        return value.textValue();
    }

    static Map<String, String> optionalStringMap(String file, int lineNumber, ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new CorruptCheckpointFileException(file, "line " + lineNumber + ": field '" + field
                    + "' must be an object of strings, found " + abbreviate(value.toString()));
        }
        Map<String, String> map = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new CorruptCheckpointFileException(file, "line " + lineNumber + ": field '" + field + "."
                        + entry.getKey() + "' must be a string, found " + entry.getValue());
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }

    /** The body of one JSON line. */
    @FunctionalInterface
    interface JsonBody {
        void write(JsonGenerator generator) throws IOException;
    }
}
