package dev.sluice.connector.filesystem;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code _sluice_log/<N>} in a filesystem sink's directory: batch N of query {@code queryId} is committed, and
 * these are its files. Publishing it is the batch's commit point; the renames that follow only make visible what
 * it already lists.
 *
 * @param queryId the query that wrote the batch
 * @param batchId the batch
 * @param files the batch's files, in partition order
 */
public record SinkLogEntry(String queryId, long batchId, List<WrittenFile> files) {
    public SinkLogEntry {
        requireNonNull(queryId, "queryId is null");
        files = List.copyOf(requireNonNull(files, "files is null"));
        if (batchId < 0) {
            throw new IllegalArgumentException("batchId must not be negative: " + batchId);
        }
    }

    /** One line of JSON, the same bytes for the same entry. */
    public String json() {
        ObjectNode node = JsonFields.object();
        node.put("queryId", queryId);
        node.put("batchId", batchId);
        node.set("files", WrittenFile.toJsonArray(files));
        return JsonFields.write(node);
    }

    /** @param what the file, for messages */
    public static SinkLogEntry fromJson(String json, String what) {
        JsonNode node = JsonFields.parseObject(json, what);
        return new SinkLogEntry(JsonFields.requiredText(node, "queryId", what),
                JsonFields.requiredLong(node, "batchId", what), WrittenFile.listFromJson(node, what));
    }
}
