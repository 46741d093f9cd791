package dev.sluice.connector.filesystem;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.connector.InputPartition;
import java.util.List;

/**
 * The files one task reads, in order, with the size and modification time each had when it was listed.
 *
 * @param files at least one file
 */
public record FileInputPartition(List<SourceFile> files) implements InputPartition {
    public FileInputPartition {
        files = List.copyOf(requireNonNull(files, "files is null"));
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a partition reads at least one file");
        }
    }

    @Override
    public String json() {
        ObjectNode node = JsonFields.object();
        node.set("files", SourceFile.toJsonArray(files));
        return JsonFields.write(node);
    }

    static FileInputPartition fromJson(String json) {
        String what = "a filesystem input partition";
        return new FileInputPartition(SourceFile.listFromJson(JsonFields.parseObject(json, what), what));
    }
}
