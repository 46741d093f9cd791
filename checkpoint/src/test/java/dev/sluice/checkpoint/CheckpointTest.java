package dev.sluice.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path root;

    @Test
    void aQueryRunsStopsAndContinuesWhereItLeftOff() throws Exception {
        try (Checkpoint checkpoint = Checkpoint.open(root.toString())) {
            assertInstanceOf(RestartPoint.FreshStart.class, checkpoint.restartPoint());
            runBatches(checkpoint, 0, 3);
        }

        try (Checkpoint checkpoint = Checkpoint.open(root.toString())) {
            RestartPoint.ContinueAfter point = assertInstanceOf(RestartPoint.ContinueAfter.class,
                    checkpoint.restartPoint());
            assertEquals(3, point.nextBatchId());
            assertEquals(entry(2).sources(), point.lastOffsets().sources());
            assertEquals(30, point.lastCommit().nextWatermarkMs());
            // the batch in flight when the run stops: logged, not committed
            checkpoint.offsets().publish(entry(3));
        }

        try (Checkpoint checkpoint = Checkpoint.open(root.toUri().toString())) {
            RestartPoint.Replay point = assertInstanceOf(RestartPoint.Replay.class, checkpoint.restartPoint());
            assertEquals(entry(3), point.offsets());
            assertFalse(checkpoint.offsets().publish(point.offsets()), "the replay re-publishes the same entry");
            checkpoint.commits().publish(commit(3));
            assertEquals(4, checkpoint.restartPoint().nextBatchId());
        }
    }

    @Test
    void theQueryIdIsCreatedAtFirstOpenAndKeptAfterwards() throws Exception {
        QueryMetadata first;
        try (Checkpoint checkpoint = Checkpoint.open(root.toString())) {
            first = checkpoint.metadata();
        }
        try (Checkpoint checkpoint = Checkpoint.open(root.toString())) {
            assertEquals(first, checkpoint.metadata());
            assertEquals(root.toString(), checkpoint.location());
        }
        assertTrue(Files.readString(root.resolve("metadata"), UTF_8).contains(first.id().toString()));
    }

    @Test
    void retentionKeepsTheLastBatchesOfBothLogs() throws Exception {
        try (Checkpoint checkpoint = Checkpoint.open(root.toString())) {
            runBatches(checkpoint, 0, 10);

            assertEquals(14, checkpoint.purge(3));

            assertEquals(List.of(7L, 8L, 9L), checkpoint.offsets().batchIds());
            assertEquals(List.of(7L, 8L, 9L), checkpoint.commits().batchIds());
            assertEquals(List.of("7", "8", "9"), names("offsets"));
            assertEquals(0, checkpoint.purge(3), "nothing more to purge");
        }
    }

    @Test
    void retentionNeverDeletesWhatARestartNeeds() throws Exception {
        try (Checkpoint checkpoint = Checkpoint.open(root.toString())) {
            runBatches(checkpoint, 0, 5);
            checkpoint.offsets().publish(entry(5)); // batch 5 in flight

            checkpoint.purge(1);

            // the replay needs offsets/5 and the commit of batch 4
            assertEquals(List.of(4L, 5L), checkpoint.offsets().batchIds());
            assertEquals(List.of(4L), checkpoint.commits().batchIds());
        }
        try (Checkpoint checkpoint = Checkpoint.open(root.toString())) {
            RestartPoint.Replay point = assertInstanceOf(RestartPoint.Replay.class, checkpoint.restartPoint());
            assertEquals(entry(5), point.offsets());
        }
    }

    @Test
    void purgingAfterEveryBatchDeletesOneFileOfEachLogAndKeepsTheDefaultHundred() throws Exception {
        try (Checkpoint checkpoint = Checkpoint.open(root.toString())) {
            for (long batch = 0; batch < Checkpoint.DEFAULT_RETENTION + 3; batch++) {
                runBatches(checkpoint, batch, batch + 1);
                int deleted = checkpoint.purge();
                assertEquals(batch < Checkpoint.DEFAULT_RETENTION ? 0 : 2, deleted, "after batch " + batch);
            }
            assertEquals(Checkpoint.DEFAULT_RETENTION, checkpoint.offsets().batchIds().size());
            assertEquals(3L, checkpoint.offsets().batchIds().get(0));
            assertEquals(3L, checkpoint.commits().batchIds().get(0));
        }
    }

    @Test
    void purgeOfAnEmptyOrUncommittedCheckpointDeletesNothing() throws Exception {
        try (Checkpoint checkpoint = Checkpoint.open(root.toString())) {
            assertEquals(0, checkpoint.purge(1));
            checkpoint.offsets().publish(entry(0));
            assertEquals(0, checkpoint.purge(1));
            assertEquals(List.of(0L), checkpoint.offsets().batchIds());
            assertThrows(IllegalArgumentException.class, () -> checkpoint.purge(0));
        }
    }

    @Test
    void openRemovesTemporaryFilesOfCrashedPublishers() throws Exception {
        Files.createDirectories(root.resolve("offsets"));
        Files.createDirectories(root.resolve("commits"));
        Files.write(root.resolve("offsets").resolve(".4.0f1e.tmp"), "sluice-offsets v1\n{\"batc".getBytes(UTF_8));
        Files.write(root.resolve("commits").resolve(".4.0f1e.tmp"), "sluice-comm".getBytes(UTF_8));
        Files.write(root.resolve(".metadata.0f1e.tmp"), new byte[0]);

        try (Checkpoint checkpoint = Checkpoint.open(root.toString())) {
            assertInstanceOf(RestartPoint.FreshStart.class, checkpoint.restartPoint());
        }

        assertEquals(List.of(), names("offsets"));
        assertEquals(List.of(), names("commits"));
        assertEquals(List.of("commits", "metadata", "offsets"), names(""));
    }

    @Test
    void aLocalCheckpointNeverNeedsHadoop() throws Exception {
        Process process = ChildJvm.start(
                entry -> !entry.contains("hadoop") && !entry.contains("awssdk") && !entry.contains("s3proxy"),
                LocalCheckpointMain.class, root.toString());
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertEquals("next batch 2\nhadoop on the class path: false", output.strip());
    }

    @Test
    void anUnknownSchemeIsRefusedNamingIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.open("nosuchfs://bucket/query"));

        assertTrue(refused.getMessage().startsWith("unsupported checkpoint location scheme 'nosuchfs' in"
                + " nosuchfs://bucket/query"), refused.getMessage());
    }

    @Test
    void aFileSystemWithoutConditionalCreateIsRefusedAtTheFirstPublish() throws Exception {
        try (HadoopPublishOnceStore store = HadoopPublishOnceStore.open(root.toUri().toString(), Map.of())) {
            CheckpointException refused = assertThrows(CheckpointException.class,
                    () -> store.publish("offsets/0", new byte[] {1}));

            assertTrue(refused.getMessage().contains("cannot create a file only if it is absent"),
                    refused.getMessage());
        }
    }

    private static void runBatches(Checkpoint checkpoint, long from, long to) throws Exception {
        for (long batch = from; batch < to; batch++) {
            assertTrue(checkpoint.offsets().publish(entry(batch)));
            assertTrue(checkpoint.commits().publish(commit(batch)));
        }
    }

    private List<String> names(String directory) throws Exception {
        try (Stream<Path> entries = Files.list(root.resolve(directory))) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }

    private static OffsetEntry entry(long batchId) {
        return new OffsetEntry(batchId, 1000 + batchId, batchId * 10, Map.of("key-groups", "128"), List.of(
                new SourceOffsets(0, "events", batchId == 0 ? null : "{\"row\":" + batchId * 100 + "}",
                        "{\"row\":" + (batchId + 1) * 100 + "}")));
    }

    private static CommitEntry commit(long batchId) {
        return new CommitEntry(batchId, (batchId + 1) * 10, 2000 + batchId);
    }
}
