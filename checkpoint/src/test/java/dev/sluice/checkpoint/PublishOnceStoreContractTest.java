package dev.sluice.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link PublishOnceStore}, run against every implementation on a real file system or object store.
 */
abstract class PublishOnceStoreContractTest {
    private static final int THREADS = 8;

    protected PublishOnceStore store;

    /** A store over a new, empty root. */
    protected abstract PublishOnceStore openStore() throws Exception;

    /** Writes a file behind the store's back, as a publisher that crashed mid-write would leave it. */
    protected abstract void writeRawFile(String relativePath, byte[] bytes) throws Exception;

    /** The names directly under {@code relativeDirectory}, temporary ones included. */
    protected abstract List<String> listRawNames(String relativeDirectory) throws Exception;

    /** How many rounds the concurrency tests run; each round is one file raced for by every thread. */
    protected int concurrentRounds() {
        return 25;
    }

    @BeforeEach
    void openTheStore() throws Exception {
        store = openStore();
    }

    @AfterEach
    void closeTheStore() throws Exception {
        if (store instanceof Closeable closeable) {
            closeable.close();
        }
    }

    @Test
    void publishedFileIsReadBackAndListed() throws Exception {
        byte[] content = bytes("offsets", 0, "first");

        assertTrue(store.publish("offsets/0", content));

        assertArrayEquals(content, store.read("offsets/0").orElseThrow());
        assertEquals(List.of("0"), store.list("offsets"));
        assertEquals(Optional.empty(), store.read("offsets/1"));
        assertEquals(List.of(), store.list("no-such-directory"));
    }

    @Test
    void listingIsSortedByNameAndShowsOnlyFilesOfThatDirectory() throws Exception {
        store.publish("offsets/10", bytes("offsets", 10, "x"));
        store.publish("offsets/2", bytes("offsets", 2, "x"));
        store.publish("offsets/deeper/5", bytes("offsets", 5, "x"));

        assertEquals(List.of("10", "2"), store.list("offsets"));
        assertEquals(List.of("5"), store.list("offsets/deeper"));
    }

    @Test
    void republishingTheSameBytesIsANoOp() throws Exception {
        byte[] content = bytes("commits", 3, "same");

        assertTrue(store.publish("commits/3", content));
        assertFalse(store.publish("commits/3", content.clone()));

        assertArrayEquals(content, store.read("commits/3").orElseThrow());
    }

    @Test
    void publishingOtherBytesFailsNamingTheFileAndKeepsTheFirst() throws Exception {
        byte[] first = bytes("offsets", 4, "first run");
        store.publish("offsets/4", first);

        PublishConflictException conflict = assertThrows(PublishConflictException.class,
                () -> store.publish("offsets/4", bytes("offsets", 4, "second run")));

        assertEquals(store.describe("offsets/4"), conflict.file());
        assertTrue(conflict.getMessage().startsWith(store.describe("offsets/4") + ": already exists"),
                conflict.getMessage());
        assertTrue(conflict.getMessage().contains("another run owns this checkpoint"), conflict.getMessage());
        assertArrayEquals(first, store.read("offsets/4").orElseThrow());
    }

    @Test
    void ofManyThreadsPublishingDifferentBytesExactlyOneWins() throws Exception {
        for (int round = 0; round < concurrentRounds(); round++) {
            String path = "race/" + round;
            List<Object> outcomes = raceFromAllThreads(thread -> bytes("offsets", 0, "thread " + thread), path);

            List<Integer> winners = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                Object outcome = outcomes.get(thread);
                if (Boolean.TRUE.equals(outcome)) {
                    winners.add(thread);
                } else {
                    PublishConflictException conflict = assertInstanceOf(PublishConflictException.class, outcome);
                    assertEquals(store.describe(path), conflict.file());
                }
            }
            assertEquals(1, winners.size(), "round " + round + ": winners " + winners);
            assertArrayEquals(bytes("offsets", 0, "thread " + winners.get(0)), store.read(path).orElseThrow());
        }
    }

    @Test
    void ofManyThreadsPublishingTheSameBytesOneCreatesAndTheOthersAreNoOps() throws Exception {
        for (int round = 0; round < concurrentRounds(); round++) {
            String path = "race/" + round;
            byte[] content = bytes("offsets", round, "replayed");
            List<Object> outcomes = raceFromAllThreads(thread -> content, path);

            assertEquals(1, outcomes.stream().filter(Boolean.TRUE::equals).count(), "round " + round + ": " + outcomes);
            assertEquals(THREADS - 1, outcomes.stream().filter(Boolean.FALSE::equals).count(),
                    "round " + round + ": " + outcomes);
            assertArrayEquals(content, store.read(path).orElseThrow());
        }
    }

    @Test
    void tornTemporaryFileOfACrashedPublisherIsIgnoredAndRemovedAtOpen() throws Exception {
        byte[] whole = CheckpointFileFormat.encode(OffsetLog.KIND, OffsetLog.VERSION,
                OffsetLog.encode(new OffsetEntry(0, 1, 2, Map.of(), List.of())));
        byte[] torn = Arrays.copyOf(whole, whole.length / 2);
        String offsetsTemporary = "." + 0 + "." + UUID.randomUUID() + ".tmp";
        writeRawFile("offsets/" + offsetsTemporary, torn);
        writeRawFile("commits/.0." + UUID.randomUUID() + ".tmp", torn);
        writeRawFile(".metadata." + UUID.randomUUID() + ".tmp", torn);
        writeRawFile("sources/0/.0." + UUID.randomUUID() + ".tmp", torn);

        assertEquals(List.of(), store.list("offsets"));
        assertEquals(Optional.empty(), store.read("offsets/0"));
        OffsetLog offsets = new OffsetLog(store);
        assertTrue(offsets.latestBatchId().isEmpty());
        assertEquals(Optional.empty(), offsets.get(0));

        Checkpoint checkpoint = Checkpoint.open(store);

        assertEquals(List.of(), listRawNames("offsets"));
        assertEquals(List.of(), listRawNames("commits"));
        assertEquals(List.of(QueryMetadataFile.FILE), listRawNames("").stream()
                .filter(name -> !name.equals("offsets") && !name.equals("commits") && !name.equals("sources"))
                .toList());
        // Sources clean their own logs; the checkpoint leaves sources/ alone.
        assertEquals(1, listRawNames("sources/0").size());
        // The crashed publisher's batch can now be published for real.
        assertTrue(checkpoint.offsets().publish(new OffsetEntry(0, 1, 2, Map.of(), List.of())));
        assertArrayEquals(whole, store.read("offsets/0").orElseThrow());
    }

    @Test
    void deleteRemovesAFileAndAMissingFileIsNoError() throws Exception {
        store.publish("commits/0", bytes("commits", 0, "x"));

        store.delete("commits/0");
        store.delete("commits/0");
        store.delete("commits/never-there");

        assertEquals(Optional.empty(), store.read("commits/0"));
        assertEquals(List.of(), store.list("commits"));
    }

    @Test
    void aDeletedNameCanBePublishedAgain() throws Exception {
        store.publish("offsets/0", bytes("offsets", 0, "old"));
        store.delete("offsets/0");

        assertTrue(store.publish("offsets/0", bytes("offsets", 0, "new")));

        assertArrayEquals(bytes("offsets", 0, "new"), store.read("offsets/0").orElseThrow());
    }

    @Test
    void describeNamesTheFullLocation() {
        String described = store.describe("offsets/7");

        assertTrue(described.startsWith(store.location().replaceAll("/+$", "")), described);
        assertTrue(described.endsWith("/offsets/7"), described);
    }

    @Test
    void aPathOutsideTheRootIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> store.publish("../elsewhere", new byte[] {1}));
    }

    /** Runs {@code publish(path, content(thread))} on every thread at once; each result is a Boolean or the error. */
    private List<Object> raceFromAllThreads(ContentOfThread content, String path) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                byte[] bytes = content.of(thread);
                Callable<Object> publish = () -> {
                    ready.countDown();
                    start.await();
                    try {
                        return store.publish(path, bytes);
                    } catch (PublishConflictException conflict) {
                        return conflict;
                    }
                };
                futures.add(threads.submit(publish));
            }
            ready.await();
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    /** A small checkpoint-format file, distinct per (kind, batch, note). */
    static byte[] bytes(String kind, long batchId, String note) {
        return CheckpointFileFormat.encode(kind, 1,
                List.of("{\"batchId\":" + batchId + ",\"note\":\"" + note + "\"}"));
    }

    static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }

    @FunctionalInterface
    private interface ContentOfThread {
        byte[] of(int thread);
    }
}
