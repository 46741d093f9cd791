package dev.sluice.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitLogTest {
    @TempDir
    Path root;

    private PublishOnceStore store;
    private CommitLog commits;

    @BeforeEach
    void openTheLog() {
        store = new LocalPublishOnceStore(root);
        commits = new CommitLog(store);
    }

    @Test
    void theFileIsOneReadableJsonLine() throws Exception {
        commits.publish(new CommitEntry(7, 1764028795000L, 1764028801234L));

        List<String> lines = Files.readString(root.resolve("commits").resolve("7"), UTF_8).lines().toList();

        assertEquals("sluice-commits v1", lines.get(0));
        assertEquals("{\"batchId\":7,\"nextWatermarkMs\":1764028795000,\"committedAtMs\":1764028801234}",
                lines.get(1));
        assertTrue(lines.get(2).matches("crc32c [0-9a-f]{8}"), lines.get(2));
        assertEquals(3, lines.size());
    }

    @Test
    void entriesRoundTripAndTheLatestIsTracked() throws Exception {
        for (long batch = 0; batch < 3; batch++) {
            assertTrue(commits.publish(new CommitEntry(batch, batch * 1000, 5000 + batch)));
        }

        CommitLog reopened = new CommitLog(store);
        assertEquals(OptionalLong.of(2), reopened.latestBatchId());
        assertEquals(Optional.of(new CommitEntry(2, 2000, 5002)), reopened.latest());
        assertEquals(Optional.of(new CommitEntry(1, 1000, 5001)), reopened.get(1));
        assertEquals(Optional.empty(), reopened.get(3));
        assertEquals(List.of(0L, 1L, 2L), reopened.batchIds());
    }

    @Test
    void republishingTheSameCommitIsANoOpAndAnotherIsAConflict() throws Exception {
        commits.publish(new CommitEntry(0, 10, 20));

        assertFalse(commits.publish(new CommitEntry(0, 10, 20)));
        PublishConflictException conflict = assertThrows(PublishConflictException.class,
                () -> commits.publish(new CommitEntry(0, 10, 21)));
        assertEquals(root.resolve("commits").resolve("0").toString(), conflict.file());
    }

    @Test
    void fieldsOfALaterVersionAreSkipped() throws Exception {
        new BatchLog(store, CommitLog.DIRECTORY, CommitLog.KIND, CommitLog.VERSION).publish(4, List.of(
                "{\"batchId\":4,\"nextWatermarkMs\":1,\"committedAtMs\":2,\"stateVersions\":{\"agg\":4}}"));

        assertEquals(Optional.of(new CommitEntry(4, 1, 2)), commits.get(4));
    }

    @Test
    void aCommitWithoutItsWatermarkIsRefusedNamingTheFileAndField() throws Exception {
        new BatchLog(store, CommitLog.DIRECTORY, CommitLog.KIND, CommitLog.VERSION).publish(4, List.of(
                "{\"batchId\":4,\"nextWatermarkMs\":\"soon\",\"committedAtMs\":2}"));

        CorruptCheckpointFileException error = assertThrows(CorruptCheckpointFileException.class,
                () -> commits.get(4));

        assertEquals(root.resolve("commits").resolve("4") + ": line 2: field 'nextWatermarkMs' must be a whole"
                + " number, found \"soon\"", error.getMessage());
    }
}
