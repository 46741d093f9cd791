package dev.sluice.connector.filesystem;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What one sink writer hands the driver: the files it wrote (none when it got no rows), or that it wrote
 * nothing because the sink's log already holds the batch.
 *
 * @param alreadyCommitted the batch was in {@code _sluice_log} when the writer started, so it wrote nothing
 * @param files the in-progress files written, to be made visible by the driver's commit
 */
public record SinkCommitMessage(boolean alreadyCommitted, List<WrittenFile> files) {
    public SinkCommitMessage {
        files = List.copyOf(requireNonNull(files, "files is null"));
        if (alreadyCommitted && !files.isEmpty()) {
            throw new IllegalArgumentException("a writer of an already committed batch writes no files: " + files);
        }
    }

    public String json() {
        ObjectNode node = JsonFields.object();
        node.put("alreadyCommitted", alreadyCommitted);
        node.set("files", WrittenFile.toJsonArray(files));
        return JsonFields.write(node);
    }

    public static SinkCommitMessage fromJson(String json) {
        String what = "a filesystem sink commit message";
        JsonNode node = JsonFields.parseObject(json, what);
        JsonNode alreadyCommitted = node.get("alreadyCommitted");
        return new SinkCommitMessage(alreadyCommitted != null && alreadyCommitted.asBoolean(),
                WrittenFile.listFromJson(node, what));
    }
}
