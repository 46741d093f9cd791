package dev.sluice.connector.filesystem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.connector.Offset;

/**
 * A filesystem source's offset: the id of the last entry of its source log that the batch covers. Entry
 * {@code N} lists the files that one batch took, so the range {@code (a, b]} is the files of entries
 * {@code a+1..b}. {@link #INITIAL} ({@code -1}) comes before the first entry.
 *
 * @param logId a source log entry id, or -1
 */
public record FileOffset(long logId) implements Offset {
    public static final FileOffset INITIAL = new FileOffset(-1);

    public FileOffset {
        if (logId < -1) {
            throw new IllegalArgumentException("logId must be -1 or an entry id: " + logId);
        }
    }

    @Override
    public String json() {
        ObjectNode node = JsonFields.object();
        node.put("logId", logId);
        return JsonFields.write(node);
    }

    static FileOffset fromJson(String json) {
        String what = "a filesystem source offset";
        JsonNode node = JsonFields.parseObject(json, what);
        return new FileOffset(JsonFields.requiredLong(node, "logId", what));
    }
}
