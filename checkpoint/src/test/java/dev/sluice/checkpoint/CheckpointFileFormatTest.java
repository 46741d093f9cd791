package dev.sluice.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged, unknown and foreign files in a real checkpoint directory, read through the offset and commit logs. */
class CheckpointFileFormatTest {
    @TempDir
    Path root;

    private PublishOnceStore store;
    private OffsetLog offsets;
    private Path offsetsFile;

    @BeforeEach
    void publishOneBatch() throws Exception {
        store = new LocalPublishOnceStore(root);
        offsets = new OffsetLog(store);
        offsets.publish(new OffsetEntry(0, 1000, 0, Map.of("key-groups", "128"),
                List.of(SourceOffsets.first(0, "events", "{\"row\":100}"))));
        offsetsFile = root.resolve("offsets").resolve("0");
    }

    @Test
    void aFlippedByteAnywhereInTheBodyIsReportedAsCorruptNamingTheFile() throws Exception {
        byte[] original = Files.readAllBytes(offsetsFile);
        int checksumLine = new String(original, UTF_8).lastIndexOf("crc32c ");
        // every byte of the body; a flip that breaks the format line's shape is "not a Sluice file" instead
        for (int position = "sluice-offsets v1\n".length(); position < checksumLine; position++) {
            byte[] damaged = original.clone();
            damaged[position] ^= 0x01;
            rewrite(offsetsFile, damaged);

            CorruptCheckpointFileException error = assertThrows(CorruptCheckpointFileException.class,
                    () -> offsets.get(0), "flip at byte " + position);

            assertEquals(offsetsFile.toString(), error.file());
            assertTrue(error.getMessage().startsWith(offsetsFile + ": "), error.getMessage());
            assertTrue(error.problem().startsWith("corrupt: checksum mismatch")
                            || error.problem().startsWith("torn"), // a flipped '\n' splits or joins lines
                    "flip at byte " + position + ": " + error.problem());
        }
    }

    @Test
    void aFlippedByteInTheKindIsCorruptionNotAForeignFile() throws Exception {
        byte[] damaged = Files.readAllBytes(offsetsFile);
        damaged["sluice-off".length()] ^= 0x02; // 'f' becomes 'd': still a well-formed kind, "odfsets"
        rewrite(offsetsFile, damaged);

        CorruptCheckpointFileException error = assertThrows(CorruptCheckpointFileException.class,
                () -> offsets.get(0));

        assertEquals(offsetsFile.toString(), error.file());
        assertTrue(error.problem().startsWith("corrupt: checksum mismatch"), error.problem());
    }

    @Test
    void aFileCutShortAnywhereIsReportedAsTorn() throws Exception {
        byte[] original = Files.readAllBytes(offsetsFile);
        for (int length = 0; length < original.length; length++) {
            rewrite(offsetsFile, Arrays.copyOf(original, length));

            CorruptCheckpointFileException error = assertThrows(CorruptCheckpointFileException.class,
                    () -> offsets.get(0), "cut at " + length);

            assertEquals(offsetsFile.toString(), error.file());
            assertTrue(error.problem().startsWith("torn"), "cut at " + length + ": " + error.problem());
        }
    }

    @Test
    void aNewerFormatVersionIsRefusedWithTheVersionAndTheFile() throws Exception {
        rewrite(offsetsFile, CheckpointFileFormat.encode("offsets", 2,
                OffsetLog.encode(new OffsetEntry(0, 1000, 0, Map.of(), List.of()))));

        CorruptCheckpointFileException error = assertThrows(CorruptCheckpointFileException.class,
                () -> offsets.get(0));

        assertEquals(offsetsFile + ": unknown format version 2 of a offsets file; this Sluice reads versions 1 to 1"
                + " (was the checkpoint written by a newer Sluice?)", error.getMessage());
    }

    @Test
    void aSparkOffsetsFileIsForeign() throws Exception {
        rewrite(offsetsFile, ("v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":1764028800000,\"conf\":{}}\n"
                + "{\"logOffset\":0}\n").getBytes(UTF_8));

        CorruptCheckpointFileException error = assertThrows(CorruptCheckpointFileException.class,
                () -> offsets.get(0));

        assertEquals(offsetsFile + ": not a Sluice offsets file: its first line is 'v1', expected"
                + " 'sluice-offsets v1'", error.getMessage());
    }

    @Test
    void aCommitsFilePutInTheOffsetLogIsRefusedAsTheWrongKind() throws Exception {
        Path commitsFile = root.resolve("commits").resolve("3");
        new CommitLog(store).publish(new CommitEntry(3, 0, 1));
        Files.copy(commitsFile, root.resolve("offsets").resolve("3"));

        CorruptCheckpointFileException error = assertThrows(CorruptCheckpointFileException.class,
                () -> offsets.get(3));

        assertEquals(root.resolve("offsets").resolve("3") + ": is a Sluice file of kind 'commits' where a file of"
                + " kind 'offsets' belongs", error.getMessage());
    }

    @Test
    void aFileWhoseNameIsNotABatchIdIsRefusedByName() throws Exception {
        Files.write(root.resolve("offsets").resolve("latest.json"), "{}".getBytes(UTF_8));

        CorruptCheckpointFileException error = assertThrows(CorruptCheckpointFileException.class,
                () -> offsets.batchIds());

        assertEquals(root.resolve("offsets").resolve("latest.json").toString(), error.file());
        assertTrue(error.problem().contains("names in this directory must be batch ids"), error.problem());
    }

    @Test
    void anEntryCopiedUnderAnotherBatchIdIsRefused() throws Exception {
        Files.copy(offsetsFile, root.resolve("offsets").resolve("1"));

        CorruptCheckpointFileException error = assertThrows(CorruptCheckpointFileException.class,
                () -> offsets.get(1));

        assertEquals(root.resolve("offsets").resolve("1") + ": line 2: batchId is 0 but the file is named 1"
                + " (was it copied or renamed?)", error.getMessage());
    }

    @Test
    void aMalformedJsonLineIsReportedWithFileLineAndColumn() throws Exception {
        rewrite(offsetsFile, CheckpointFileFormat.encode("offsets", 1,
                List.of("{\"batchId\":0,\"batchTimestampMs\":1,\"watermarkMs\":0}", "{\"index\":0,\"name\":\"a\",}")));

        CorruptCheckpointFileException error = assertThrows(CorruptCheckpointFileException.class,
                () -> offsets.get(0));

        assertTrue(error.getMessage().startsWith(offsetsFile + ": line 3, column "), error.getMessage());
        assertTrue(error.problem().contains("not valid JSON"), error.problem());
    }

    @Test
    void aMissingFieldIsReportedByName() throws Exception {
        rewrite(offsetsFile, CheckpointFileFormat.encode("offsets", 1,
                List.of("{\"batchId\":0,\"batchTimestampMs\":1}")));

        CorruptCheckpointFileException error = assertThrows(CorruptCheckpointFileException.class,
                () -> offsets.get(0));

        assertEquals(offsetsFile + ": line 2: field 'watermarkMs' is missing", error.getMessage());
    }

    private static void rewrite(Path file, byte[] bytes) throws Exception {
        Files.deleteIfExists(file);
        Files.write(file, bytes);
    }
}
