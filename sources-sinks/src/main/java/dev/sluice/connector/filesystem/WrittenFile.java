package dev.sluice.connector.filesystem;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A file a sink writer wrote: its in-progress name while invisible, the name it gets when its batch commits,
 * and what it holds. Names are relative to the sink's directory.
 *
 * @param name the visible name, {@code part-<batch>-<partition>-<id>.<ext>}
 * @param inProgressName the name while written, {@code .part-<batch>-<partition>-<uuid>.<ext>.inprogress}
 * @param rows the rows in the file
 * @param bytes the file's length
 */
public record WrittenFile(String name, String inProgressName, long rows, long bytes) {
    public WrittenFile {
        requireNonNull(name, "name is null");
        requireNonNull(inProgressName, "inProgressName is null");
        checkFlatName(name);
        checkFlatName(inProgressName);
        if (name.startsWith(".") || name.startsWith("_")) {
            throw new IllegalArgumentException("a visible file's name must not start with '.' or '_': " + name);
        }
        if (!inProgressName.startsWith(".")) {
            throw new IllegalArgumentException("an in-progress file's name must start with '.': " + inProgressName);
        }
        if (rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("rows and bytes must not be negative: " + rows + ", " + bytes);
        }
    }

    /** Names come from commit messages and logs: they must not point outside the sink's directory. */
    private static void checkFlatName(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a plain file name: '" + name + "'");
        }
    }

    ObjectNode toJson() {
        ObjectNode node = JsonFields.object();
        node.put("name", name);
        node.put("inProgress", inProgressName);
        node.put("rows", rows);
        node.put("bytes", bytes);
        return node;
    }

    static ArrayNode toJsonArray(List<WrittenFile> files) {
        ArrayNode array = JsonFields.MAPPER.createArrayNode();
        for (WrittenFile file : files) {
            array.add(file.toJson());
        }
        return array;
    }

    static List<WrittenFile> listFromJson(JsonNode node, String what) {
        List<WrittenFile> files = new ArrayList<>();
        for (JsonNode file : JsonFields.requiredArray(node, "files", what)) {
            files.add(new WrittenFile(JsonFields.requiredText(file, "name", what),
                    JsonFields.requiredText(file, "inProgress", what), JsonFields.requiredLong(file, "rows", what),
                    JsonFields.requiredLong(file, "bytes", what)));
        }
        return List.copyOf(files);
    }
}
