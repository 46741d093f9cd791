package dev.sluice.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The offset log, {@code offsets/<N>}: the write-ahead record of each batch, published before the batch runs.
 *
 * <p>File layout (kind {@code offsets}, version 1, see {@link CheckpointFileFormat}):
 *
 * <pre>
 * sluice-offsets v1
 * {"batchId":7,"batchTimestampMs":1764028800000,"watermarkMs":1764028795000,"settings":{"key-groups":"128"}}
 * {"index":0,"name":"orders","start":{"row":700},"end":{"row":800}}
 * {"index":1,"name":"customers","start":null,"end":["a.csv","b.csv"]}
 * crc32c 1a2b3c4d
 * </pre>
 *
 * <p>Line 2 is the batch metadata; then one line per source, whose {@code start} and {@code end} are the
 * connector's own offset JSON, embedded as is ({@code start} is {@code null} for a source's first batch). Each
 * publish is exactly one durable publish; the latest batch id is listed once and then tracked, so the per-batch
 * path lists no directory.
 */
public final class OffsetLog extends TrackedBatchLog<OffsetEntry> {
    /** The log's directory under the checkpoint root. */
    public static final String DIRECTORY = "offsets";
    /** The kind in the files' format line. */
    public static final String KIND = "offsets";
    /** The layout version written, and the highest read. */
    public static final int VERSION = 1;

    public OffsetLog(PublishOnceStore store) {
        super(store, DIRECTORY, KIND, VERSION);
    }

    @Override
    long batchIdOf(OffsetEntry entry) {
        return entry.batchId();
    }

    @Override
    List<String> linesOf(OffsetEntry entry) {
        return encode(entry);
    }

    @Override
    OffsetEntry entryOf(String file, long batchId, List<String> lines) {
        return decode(file, batchId, lines);
    }

    static List<String> encode(OffsetEntry entry) {
        List<String> lines = new ArrayList<>(1 + entry.sources().size());
        lines.add(CheckpointJson.line(generator -> {
            generator.writeStartObject();
            generator.writeNumberField("batchId", entry.batchId());
            generator.writeNumberField("batchTimestampMs", entry.batchTimestampMs());
            generator.writeNumberField("watermarkMs", entry.watermarkMs());
            generator.writeFieldName("settings");
            CheckpointJson.writeSortedStringMap(generator, entry.settings());
            generator.writeEndObject();
        }));
        for (SourceOffsets source : entry.sources()) {
            lines.add(CheckpointJson.line(generator -> {
                generator.writeStartObject();
                generator.writeNumberField("index", source.index());
                generator.writeStringField("name", source.name());
                generator.writeFieldName("start");
                if (source.startOffset() == null) {
                    generator.writeNull();
                } else {
                    generator.writeRawValue(source.startOffset());
                }
                generator.writeFieldName("end");
                generator.writeRawValue(source.endOffset());
                generator.writeEndObject();
            }));
        }
        return lines;
    }

    static OffsetEntry decode(String file, long expectedBatchId, List<String> lines) {
        if (lines.isEmpty()) {
            throw new CorruptCheckpointFileException(file, "has no batch metadata line (line 2)");
        }
        ObjectNode metadata = CheckpointJson.parseObject(file, 2, lines.get(0));
        long batchId = CheckpointJson.requiredLong(file, 2, metadata, "batchId");
        if (batchId != expectedBatchId) {
            throw new CorruptCheckpointFileException(file, "line 2: batchId is " + batchId + " but the file is"
                    + " named " + expectedBatchId + " (was it copied or renamed?)");
        }
        long batchTimestampMs = CheckpointJson.requiredLong(file, 2, metadata, "batchTimestampMs");
        long watermarkMs = CheckpointJson.requiredLong(file, 2, metadata, "watermarkMs");
        Map<String, String> settings = CheckpointJson.optionalStringMap(file, 2, metadata, "settings");
        List<SourceOffsets> sources = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            sources.add(decodeSource(file, i + 2, lines.get(i)));
        }
        try {
            return new OffsetEntry(batchId, batchTimestampMs, watermarkMs, settings, sources);
        } catch (IllegalArgumentException invalid) {
            throw new CorruptCheckpointFileException(file, invalid.getMessage(), invalid);
        }
    }

    /**
     * Reads one source line, taking {@code start} and {@code end} as the exact JSON text in the file (a tree
     * parse would re-format numbers and whitespace, and offsets are the connector's text, not ours).
     */
    private static SourceOffsets decodeSource(String file, int lineNumber, String line) {
        Integer index = null;
        String name = null;
        String start = null;
        String end = null;
        boolean sawStart = false;
        try (JsonParser parser = CheckpointJson.FACTORY.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new CorruptCheckpointFileException(file, "line " + lineNumber
                        + ": expected a JSON object for a source, found " + CheckpointJson.abbreviate(line));
            }
            JsonToken token = parser.nextToken();
            while (token == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                int valueStart = (int) parser.currentTokenLocation().getCharOffset();
                switch (field) {
                    case "index" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT
                                || parser.getNumberType() != JsonParser.NumberType.INT || parser.getIntValue() < 0) {
                            throw new CorruptCheckpointFileException(file, "line " + lineNumber
                                    + ": field 'index' must be a whole number >= 0, found " + parser.getText());
                        }
                        index = parser.getIntValue();
                    }
                    case "name" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw new CorruptCheckpointFileException(file, "line " + lineNumber
                                    + ": field 'name' must be a string, found " + parser.getText());
                        }
                        name = parser.getText();
                    }
                    default -> {
                        // start, end, or a field of a later version: skipped below, its text cut out if needed
                    }
                }
                parser.skipChildren();
                token = parser.nextToken();
                if (field.equals("start") || field.equals("end")) {
                    String raw = rawValue(line, valueStart, (int) parser.currentTokenLocation().getCharOffset(),
                            token == JsonToken.FIELD_NAME);
                    if (field.equals("start")) {
                        sawStart = true;
                        start = value == JsonToken.VALUE_NULL ? null : raw;
                    } else {
                        end = raw;
                    }
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new CorruptCheckpointFileException(file, "line " + lineNumber
                        + ": not one JSON object: " + CheckpointJson.abbreviate(line));
            }
        } catch (JsonProcessingException malformed) {
            throw new CorruptCheckpointFileException(file, "line " + lineNumber + ", column "
                    + malformed.getLocation().getColumnNr() + ": not valid JSON (" + malformed.getOriginalMessage()
                    + ")", malformed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String missing = index == null ? "index" : name == null ? "name" : !sawStart ? "start" : end == null
                ? "end" : null;
        if (missing != null) {
            throw new CorruptCheckpointFileException(file, "line " + lineNumber + ": field '" + missing
                    + "' is missing");
        }
        try {
            return new SourceOffsets(index, name, start, end);
        } catch (IllegalArgumentException invalid) {
            throw new CorruptCheckpointFileException(file, "line " + lineNumber + ": " + invalid.getMessage(),
                    invalid);
        }
    }

    /**
     * The text of a value that starts at {@code from} and is followed, at {@code nextTokenStart}, by the next
     * field (after a comma) or by the end of the object.
     */
    private static String rawValue(String line, int from, int nextTokenStart, boolean commaBefore) {
        String text = line.substring(from, nextTokenStart).stripTrailing();
        if (commaBefore) {
            text = text.substring(0, text.length() - 1).stripTrailing();
        }
        return text;
    }
}
