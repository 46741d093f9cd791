package dev.sluice.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every shape of offset and commit logs the restart rule can meet, on real files. */
class RestartRuleTest {
    private static final String ADVICE = "To keep the query's progress, put the missing files back (for example"
            + " from a backup) or remove the stray ones; to start the query over, use a new checkpoint location.";

    @TempDir
    Path root;

    private PublishOnceStore store;

    @BeforeEach
    void openTheStore() {
        store = new LocalPublishOnceStore(root);
    }

    @Test
    void anEmptyCheckpointIsAFreshStartAtBatchZero() throws Exception {
        RestartPoint point = decide();

        assertInstanceOf(RestartPoint.FreshStart.class, point);
        assertEquals(0, point.nextBatchId());
    }

    @Test
    void equalLastBatchesContinueWithTheNextBatch() throws Exception {
        logOffsets(0, 1, 2);
        logCommits(0, 1, 2);

        RestartPoint.ContinueAfter point = assertInstanceOf(RestartPoint.ContinueAfter.class, decide());

        assertEquals(2, point.lastCommittedBatchId());
        assertEquals(3, point.nextBatchId());
        assertEquals(entry(2), point.lastOffsets());
        assertEquals(commit(2), point.lastCommit());
    }

    @Test
    void commitsOneBehindReplayTheLastBatchWithExactlyItsLoggedOffsets() throws Exception {
        logOffsets(0, 1, 2, 3);
        logCommits(0, 1, 2);

        RestartPoint.Replay point = assertInstanceOf(RestartPoint.Replay.class, decide());

        assertEquals(3, point.batchId());
        assertEquals(3, point.nextBatchId());
        assertEquals(entry(3), point.offsets());
    }

    @Test
    void aFirstBatchThatNeverCommittedIsReplayed() throws Exception {
        logOffsets(0);

        RestartPoint.Replay point = assertInstanceOf(RestartPoint.Replay.class, decide());

        assertEquals(0, point.batchId());
        assertEquals(entry(0), point.offsets());
    }

    @Test
    void aLaterBatchWithNoCommitAtAllIsRefused() throws Exception {
        logOffsets(0, 1);

        CheckpointException refused = assertThrows(CheckpointException.class, this::decide);

        assertEquals("cannot restart the query from its checkpoint: " + file("offsets", 1) + " is the latest"
                + " offsets file but no batch is committed (" + file("commits", 0) + " is missing): batch 1 can be"
                + " logged only after batch 0 committed, so commit files were deleted. " + ADVICE,
                refused.getMessage());
    }

    @Test
    void commitsAheadOfOffsetsAreRefused() throws Exception {
        logOffsets(0, 1);
        logCommits(0, 1, 2);

        CheckpointException refused = assertThrows(CheckpointException.class, this::decide);

        assertEquals("cannot restart the query from its checkpoint: the commit log is ahead of the offset log: "
                + file("commits", 2) + " exists but the latest offsets file is " + file("offsets", 1) + " ("
                + file("offsets", 2) + " is missing). A batch is committed only after its offsets were logged, so"
                + " offsets files were deleted or commit files were copied in. " + ADVICE, refused.getMessage());
    }

    @Test
    void offsetsMoreThanOneAheadAreRefused() throws Exception {
        logOffsets(0, 1, 2, 3);
        logCommits(0, 1);

        CheckpointException refused = assertThrows(CheckpointException.class, this::decide);

        assertEquals("cannot restart the query from its checkpoint: the offset log is more than one batch ahead of"
                + " the commit log: the latest offsets file is " + file("offsets", 3) + " but the latest commit"
                + " file is " + file("commits", 1) + " (" + file("commits", 2) + " is missing). Batch N is logged"
                + " only after batch N-1 committed, so commit files were deleted or offsets files were copied in. "
                + ADVICE, refused.getMessage());
    }

    @Test
    void commitsWithoutOffsetsAreRefused() throws Exception {
        logCommits(0, 1);

        CheckpointException refused = assertThrows(CheckpointException.class, this::decide);

        assertEquals("cannot restart the query from its checkpoint: " + file("commits", 1) + " exists but the"
                + " offset log holds no batch (" + file("offsets", 1) + " is missing): a batch is committed only"
                + " after its offsets were logged, so the offset log was deleted or this commit log belongs to"
                + " another checkpoint. " + ADVICE, refused.getMessage());
    }

    @Test
    void aGapInTheOffsetLogIsRefused() throws Exception {
        logOffsets(0, 1, 3);
        logCommits(0, 1, 3);

        CheckpointException refused = assertThrows(CheckpointException.class, this::decide);

        assertEquals("cannot restart the query from its checkpoint: the offsets log has a gap: " + file("offsets", 1)
                + " is followed by " + file("offsets", 3) + " (" + file("offsets", 2) + " is missing). Entries are"
                + " only ever deleted oldest first, so files in the middle were deleted. " + ADVICE,
                refused.getMessage());
    }

    @Test
    void aWiderGapInTheCommitLogIsRefused() throws Exception {
        logOffsets(0, 1, 2, 3, 4);
        logCommits(0, 4);

        CheckpointException refused = assertThrows(CheckpointException.class, this::decide);

        assertEquals("cannot restart the query from its checkpoint: the commits log has a gap: " + file("commits", 0)
                + " is followed by " + file("commits", 4) + " (batches 1 to 3 are missing). Entries are only ever"
                + " deleted oldest first, so files in the middle were deleted. " + ADVICE, refused.getMessage());
    }

    @Test
    void aDamagedLastEntryIsReportedNotSkipped() throws Exception {
        logOffsets(0, 1);
        logCommits(0);
        Path last = root.resolve("offsets").resolve("1");
        byte[] bytes = Files.readAllBytes(last);
        Files.delete(last);
        Files.write(last, java.util.Arrays.copyOf(bytes, bytes.length - 3));

        CorruptCheckpointFileException refused = assertThrows(CorruptCheckpointFileException.class, this::decide);

        assertEquals(last.toString(), refused.file());
    }

    @Test
    void logsShortenedFromTheOldEndByRetentionStillRestart() throws Exception {
        logOffsets(5, 6, 7);
        logCommits(6);

        RestartPoint.Replay point = assertInstanceOf(RestartPoint.Replay.class, decide());

        assertEquals(7, point.batchId());
    }

    private RestartPoint decide() throws Exception {
        return RestartRule.decide(new OffsetLog(store), new CommitLog(store));
    }

    /** Writes offsets entries straight into the log, gaps allowed, as a damaged checkpoint would hold them. */
    private void logOffsets(long... batchIds) throws Exception {
        BatchLog log = new BatchLog(store, OffsetLog.DIRECTORY, OffsetLog.KIND, OffsetLog.VERSION);
        for (long batchId : batchIds) {
            log.publish(batchId, OffsetLog.encode(entry(batchId)));
        }
    }

    private void logCommits(long... batchIds) throws Exception {
        BatchLog log = new BatchLog(store, CommitLog.DIRECTORY, CommitLog.KIND, CommitLog.VERSION);
        for (long batchId : batchIds) {
            log.publish(batchId, CommitLog.encode(commit(batchId)));
        }
    }

    private String file(String directory, long batchId) {
        return root.resolve(directory).resolve(Long.toString(batchId)).toString();
    }

    private static OffsetEntry entry(long batchId) {
        return new OffsetEntry(batchId, 1000 + batchId, batchId * 10, Map.of("key-groups", "128"), List.of(
                new SourceOffsets(0, "events", batchId == 0 ? null : "{\"row\":" + batchId * 100 + "}",
                        "{\"row\":" + (batchId + 1) * 100 + "}")));
    }

    private static CommitEntry commit(long batchId) {
        return new CommitEntry(batchId, (batchId + 1) * 10, 2000 + batchId);
    }

    @Test
    void theMessageNamesFilesSoThatTheUserCanFindThem() throws Exception {
        logOffsets(0, 1, 2);

        CheckpointException refused = assertThrows(CheckpointException.class, this::decide);

        assertTrue(refused.getMessage().contains(root.toAbsolutePath().toString()), refused.getMessage());
    }
}
