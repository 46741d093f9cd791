package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The checkpoint's {@code metadata} file, written once when a query first runs on the checkpoint.
 *
 * <p>File layout (kind {@code metadata}, version 1, see {@link CheckpointFileFormat}):
 *
 * <pre>
 * sluice-metadata v1
 * {"id":"3f2a5b8e-6c1d-4e7f-9a0b-1c2d3e4f5a6b"}
 * crc32c 1a2b3c4d
 * </pre>
 */
public final class QueryMetadataFile {
    /** The file's name under the checkpoint root. */
    public static final String FILE = "metadata";
    /** The kind in the file's format line. */
    public static final String KIND = "metadata";
    /** The layout version written, and the highest read. */
    public static final int VERSION = 1;

    private QueryMetadataFile() {}

    /** The metadata, or empty if the checkpoint has none yet. */
    public static Optional<QueryMetadata> read(PublishOnceStore store) throws IOException {
        requireNonNull(store, "store is null");
        Optional<byte[]> bytes = store.read(FILE);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        String file = store.describe(FILE);
        return Optional.of(decode(file, CheckpointFileFormat.decode(file, bytes.get(), KIND, VERSION).jsonLines()));
    }

    /**
     * The metadata, created with a new random id if the checkpoint has none. Creation is a publish-once: of two
     * runs that start on a new checkpoint at the same time, one creates the file and the other, whose publish
     * conflicts, reads the winner's id, so both end up with the same id.
     */
    public static QueryMetadata loadOrCreate(PublishOnceStore store) throws IOException {
        Optional<QueryMetadata> existing = read(store);
        if (existing.isPresent()) {
            return existing.get();
        }
        QueryMetadata created = new QueryMetadata(UUID.randomUUID());
        try {
            store.publish(FILE, CheckpointFileFormat.encode(KIND, VERSION, encode(created)));
            return created;
        } catch (PublishConflictException lostTheRace) {
            return read(store).orElseThrow(() -> new CheckpointException(store.describe(FILE)
                    + ": existed a moment ago and is gone now; is something deleting files in the checkpoint?",
                    lostTheRace));
        }
    }

    static List<String> encode(QueryMetadata metadata) {
        return List.of(CheckpointJson.line(generator -> {
            generator.writeStartObject();
            generator.writeStringField("id", metadata.id().toString());
            generator.writeEndObject();
        }));
    }

    static QueryMetadata decode(String file, List<String> lines) {
        if (lines.size() != 1) {
            throw new CorruptCheckpointFileException(file, "a metadata file holds exactly one JSON line, found "
                    + lines.size());
        }
        ObjectNode metadata = CheckpointJson.parseObject(file, 2, lines.get(0));
        String id = CheckpointJson.requiredText(file, 2, metadata, "id");
        try {
            return new QueryMetadata(UUID.fromString(id));
        } catch (IllegalArgumentException notAUuid) {
            throw new CorruptCheckpointFileException(file, "line 2: field 'id' is not a UUID: " + id, notAUuid);
        }
    }
}
