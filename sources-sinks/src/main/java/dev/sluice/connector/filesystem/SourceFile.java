package dev.sluice.connector.filesystem;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A file a source found in its directory, as listed: its size and modification time are kept so that a reader
 * can tell when a file changed after it was listed (a replay would otherwise read other rows).
 *
 * @param path the file's absolute path
 * @param size its length in bytes when listed
 * @param modifiedMillis its modification time when listed, in milliseconds since the epoch
 */
public record SourceFile(String path, long size, long modifiedMillis) {
    /** The order a source takes new files in: modification time, then name (the contract's tie-break). */
    public static final Comparator<SourceFile> READ_ORDER =
            Comparator.comparingLong(SourceFile::modifiedMillis).thenComparing(SourceFile::path);

    public SourceFile {
        requireNonNull(path, "path is null");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size + " (" + path + ")");
        }
    }

    ObjectNode toJson() {
        ObjectNode node = JsonFields.object();
        node.put("path", path);
        node.put("size", size);
        node.put("modified", modifiedMillis);
        return node;
    }

    static SourceFile fromJson(JsonNode node, String what) {
        return new SourceFile(JsonFields.requiredText(node, "path", what), JsonFields.requiredLong(node, "size", what),
                JsonFields.requiredLong(node, "modified", what));
    }

    static ArrayNode toJsonArray(List<SourceFile> files) {
        ArrayNode array = JsonFields.MAPPER.createArrayNode();
        for (SourceFile file : files) {
            array.add(file.toJson());
        }
        return array;
    }

    /** The files of a {@code {"files": [...]}} document. */
    static List<SourceFile> listFromJson(JsonNode node, String what) {
        List<SourceFile> files = new ArrayList<>();
        for (JsonNode file : JsonFields.requiredArray(node, "files", what)) {
            files.add(fromJson(file, what));
        }
        return List.copyOf(files);
    }
}
