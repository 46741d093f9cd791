package dev.sluice.connector.filesystem;

import static dev.sluice.connector.filesystem.TestBatches.BIGINT;
import static dev.sluice.connector.filesystem.TestBatches.VARCHAR;
import static dev.sluice.connector.filesystem.TestBatches.column;
import static dev.sluice.connector.filesystem.TestBatches.row;
import static dev.sluice.connector.filesystem.TestBatches.schema;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.checkpoint.LocalPublishOnceStore;
import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.InputPartition;
import dev.sluice.connector.Offset;
import dev.sluice.connector.PartitionReader;
import dev.sluice.connector.ReadLimit;
import dev.sluice.connector.ReaderRequest;
import dev.sluice.connector.Source;
import dev.sluice.connector.log.CheckpointSourceLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemSourceTest {
    private static final Schema SCHEMA = schema(column("id", BIGINT), column("name", VARCHAR));

    @TempDir
    Path temp;

    private Path input;
    private Path checkpoint;
    private BufferAllocator allocator;

    @BeforeEach
    void setUp() throws IOException {
        input = Files.createDirectory(temp.resolve("in"));
        checkpoint = temp.resolve("checkpoint");
        allocator = new RootAllocator();
    }

    @AfterEach
    void closeAllocator() {
        allocator.close(); // fails the test if a reader leaked a buffer
    }

    private SourceHarness harness() {
        return harness(Map.of());
    }

    private SourceHarness harness(Map<String, String> extraOptions) {
        Map<String, String> options = new HashMap<>(Map.of("connector", "filesystem", "path", input.toString(),
                "format", "csv"));
        options.putAll(extraOptions);
        return new SourceHarness(checkpoint, SCHEMA, options, allocator);
    }

    /** A file of one row {@code id,name} with the given modification time. */
    private void addFile(String name, long id, long modifiedMillis) throws IOException {
        Path file = input.resolve(name);
        Files.writeString(file, id + "," + name + "\n", UTF_8);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
    }

    private List<Long> logIds() throws IOException {
        return new CheckpointSourceLog(new LocalPublishOnceStore(checkpoint), 0).ids();
    }

    @Test
    void newFilesArePickedUpBatchByBatchAndNoneIsReadTwice() throws IOException {
        SourceHarness harness = harness();
        Source source = harness.driverSource();
        addFile("a.csv", 1, 1_000);
        addFile("b.csv", 2, 2_000);

        Offset start = source.initialOffset();
        Offset first = harness.next(source, start);
        assertEquals(List.of(row(1L, "a.csv"), row(2L, "b.csv")), harness.read(source, start, first));

        assertEquals(first, harness.next(source, first), "nothing new: the batch ends where it starts");
        assertEquals(List.of(0L), logIds(), "no log entry for an empty batch");

        addFile("c.csv", 3, 3_000);
        Offset second = harness.next(source, first);
        assertEquals(List.of(row(3L, "c.csv")), harness.read(source, first, second));
        Source restarted = harness.driverSource();
        assertEquals(first, harness.next(restarted, restarted.initialOffset()),
                "a restarted source asked from the start gets the logged entry 0 again");
    }

    @Test
    void filesAreTakenInOrderOfModificationTimeThenName() throws IOException {
        SourceHarness harness = harness(Map.of("max-files-per-trigger", "1"));
        addFile("z.csv", 1, 1_000);
        addFile("b.csv", 2, 3_000);
        addFile("a.csv", 3, 3_000);
        addFile("m.csv", 4, 2_000);
        Source source = harness.driverSource();

        List<String> order = new ArrayList<>();
        Offset start = source.initialOffset();
        while (true) {
            Offset end = harness.next(source, start);
            if (end.equals(start)) {
                break;
            }
            order.addAll(harness.fileNames(source, start, end));
            start = end;
        }
        assertEquals(List.of("z.csv", "m.csv", "a.csv", "b.csv"), order);
    }

    @Test
    void maxFilesPerTriggerLimitsEveryBatch() throws IOException {
        SourceHarness harness = harness(Map.of("max-files-per-trigger", "2"));
        for (int i = 0; i < 5; i++) {
            addFile("f" + i + ".csv", i, 1_000 + i);
        }
        Source source = harness.driverSource();
        assertEquals(ReadLimit.maxFiles(2), source.defaultReadLimit());

        List<List<String>> batches = new ArrayList<>();
        Offset start = source.initialOffset();
        for (Offset end = harness.next(source, start); !end.equals(start); end = harness.next(source, start)) {
            batches.add(harness.fileNames(source, start, end));
            start = end;
        }
        assertEquals(List.of(List.of("f0.csv", "f1.csv"), List.of("f2.csv", "f3.csv"), List.of("f4.csv")), batches);
    }

    @Test
    void aLimitPassedByTheEngineOverridesTheDefault() throws IOException {
        SourceHarness harness = harness();
        addFile("a.csv", 1, 1_000);
        addFile("b.csv", 2, 2_000);
        Source source = harness.driverSource();
        assertEquals(ReadLimit.ALL_AVAILABLE, source.defaultReadLimit());
        Offset end = source.latestOffset(new dev.sluice.connector.LatestOffsetRequest(source.initialOffset(),
                ReadLimit.maxFiles(1)));
        assertEquals(List.of("a.csv"), harness.fileNames(source, source.initialOffset(), end));
    }

    @Test
    void aReplayedRangeReadsExactlyTheLoggedFilesEvenAfterARestart() throws IOException {
        SourceHarness harness = harness();
        addFile("a.csv", 1, 1_000);
        addFile("b.csv", 2, 2_000);
        Source source = harness.driverSource();
        Offset start = source.initialOffset();
        Offset end = harness.next(source, start);
        List<List<Object>> firstRead = harness.read(source, start, end);

        // A file that would sort first appears after the batch was planned.
        addFile("0-early.csv", 0, 500);
        assertEquals(firstRead, harness.read(source, start, end), "a replay reads the logged files only");

        Source restarted = harness.driverSource();
        Offset replayStart = restarted.offsetFromJson(start.json());
        Offset replayEnd = restarted.offsetFromJson(end.json());
        assertEquals(firstRead, harness.read(restarted, replayStart, replayEnd), "the same after a restart");

        Offset next = harness.next(restarted, replayEnd);
        assertEquals(List.of(row(0L, "0-early.csv")), harness.read(restarted, replayEnd, next),
                "the restarted source rebuilt the taken files from its log: only the new file is next");
        assertEquals(next, harness.next(restarted, next));
    }

    @Test
    void anEntryPublishedByACrashedAttemptIsTheNextBatchAfterARestart() throws IOException {
        SourceHarness harness = harness();
        addFile("a.csv", 1, 1_000);
        Source crashed = harness.driverSource();
        Offset start = crashed.initialOffset();
        Offset end = harness.next(crashed, start); // entry 0 published; the batch's offsets never were
        addFile("b.csv", 2, 2_000);

        Source restarted = harness.driverSource();
        Offset again = harness.next(restarted, restarted.initialOffset());
        assertEquals(end, again, "the published entry is reused, not extended with b.csv");
        assertEquals(List.of(row(1L, "a.csv")), harness.read(restarted, start, again));
        Offset next = harness.next(restarted, again);
        assertEquals(List.of(row(2L, "b.csv")), harness.read(restarted, again, next));
        assertEquals(List.of(0L, 1L), logIds());
    }

    @Test
    void availableNowReadsOnlyTheFilesPresentWhenItWasPrepared() throws IOException {
        SourceHarness harness = harness(Map.of("max-files-per-trigger", "1"));
        addFile("a.csv", 1, 1_000);
        addFile("b.csv", 2, 2_000);
        Source source = harness.driverSource();
        source.prepareForAvailableNow();
        addFile("c.csv", 3, 1_500);

        List<List<Object>> rows = new ArrayList<>();
        Offset start = source.initialOffset();
        for (Offset end = harness.next(source, start); !end.equals(start); end = harness.next(source, start)) {
            rows.addAll(harness.read(source, start, end));
            start = end;
        }
        assertEquals(List.of(row(1L, "a.csv"), row(2L, "b.csv")), rows);

        Source nextRun = harness.driverSource();
        nextRun.prepareForAvailableNow();
        Offset end = harness.next(nextRun, start);
        assertEquals(List.of(row(3L, "c.csv")), harness.read(nextRun, start, end));
    }

    @Test
    void filesStartingWithUnderscoreOrDotAndSubdirectoriesAreNotRead() throws IOException {
        SourceHarness harness = harness();
        addFile("a.csv", 1, 1_000);
        addFile("_SUCCESS", 2, 1_000);
        addFile(".a.csv.crc", 3, 1_000);
        Files.createDirectory(input.resolve("nested"));
        Files.writeString(input.resolve("nested").resolve("x.csv"), "4,x\n");
        Source source = harness.driverSource();
        Offset end = harness.next(source, source.initialOffset());
        assertEquals(List.of(row(1L, "a.csv")), harness.read(source, source.initialOffset(), end));
    }

    @Test
    void aFileThatChangedAfterItWasTakenFailsTheReadInsteadOfGivingOtherRows() throws IOException {
        SourceHarness harness = harness();
        addFile("a.csv", 1, 1_000);
        Source source = harness.driverSource();
        Offset end = harness.next(source, source.initialOffset());
        Files.writeString(input.resolve("a.csv"), "1,a.csv\n2,appended\n", UTF_8);
        Files.setLastModifiedTime(input.resolve("a.csv"), FileTime.fromMillis(1_000));

        ConnectorException error = assertThrows(ConnectorException.class,
                () -> harness.read(source, source.initialOffset(), end));
        assertTrue(error.getMessage().contains(input.resolve("a.csv") + " changed after it was taken into a batch"
                + " (size 8 -> 19 bytes"), error.getMessage());
    }

    @Test
    void aMissingDirectoryIsAnError() throws IOException {
        Files.delete(input);
        SourceHarness harness = harness();
        Source source = harness.driverSource();
        ConnectorException error = assertThrows(ConnectorException.class,
                () -> harness.next(source, source.initialOffset()));
        assertEquals("table input: source directory " + input + " does not exist", error.getMessage());
    }

    @Test
    void partitionsGroupContiguousFilesUpToTheParallelism() throws IOException {
        SourceHarness harness = harness();
        for (int i = 0; i < 4; i++) {
            addFile("f" + i + ".csv", i, 1_000 + i);
        }
        Source source = harness.driverSource();
        Offset start = source.initialOffset();
        Offset end = harness.next(source, start);

        List<InputPartition> two = harness.plan(source, start, end, 2);
        assertEquals(2, two.size());
        assertEquals(List.of(2, 2), List.of(((FileInputPartition) two.get(0)).files().size(),
                ((FileInputPartition) two.get(1)).files().size()));
        assertEquals(4, harness.plan(source, start, end, 10).size(), "never more partitions than files");
        assertEquals(harness.plan(source, start, end, 3), harness.plan(source, start, end, 3), "deterministic");
        for (InputPartition partition : two) {
            assertEquals(partition, source.partitionFromJson(partition.json()));
        }
        List<List<Object>> expected = List.of(row(0L, "f0.csv"), row(1L, "f1.csv"), row(2L, "f2.csv"),
                row(3L, "f3.csv"));
        assertEquals(expected, harness.read(source, start, end, 1, 1024));
        assertEquals(expected, harness.read(source, start, end, 3, 1024));
        assertTrue(harness.plan(source, end, end, 4).isEmpty(), "an empty range has no partitions");
    }

    @Test
    void aBatchOfRowsCanSpanFilesAndAFileCanSpanBatches() throws IOException {
        for (int file = 0; file < 3; file++) {
            Path path = input.resolve("f" + file + ".csv");
            Files.writeString(path, (file * 3) + ",a\n" + (file * 3 + 1) + ",b\n" + (file * 3 + 2) + ",c\n");
            Files.setLastModifiedTime(path, FileTime.fromMillis(1_000 + file));
        }
        SourceHarness harness = harness();
        Source source = harness.driverSource();
        Offset end = harness.next(source, source.initialOffset());
        InputPartition partition = harness.plan(source, source.initialOffset(), end, 1).get(0);

        List<Integer> batchSizes = new ArrayList<>();
        List<Object> ids = new ArrayList<>();
        try (PartitionReader reader = source.createReader(new ReaderRequest(partition, allocator, 4))) {
            while (reader.loadNextBatch()) {
                batchSizes.add(reader.root().getRowCount());
                for (List<Object> row : TestBatches.rows(reader.root())) {
                    ids.add(row.get(0));
                }
            }
            assertEquals(0, reader.root().getRowCount(), "an exhausted reader leaves an empty root");
        }
        assertEquals(List.of(4, 4, 1), batchSizes);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), ids);
    }

    @Test
    void offsetsAreLogEntryIdsInJson() {
        Source source = harness().driverSource();
        assertEquals("{\"logId\":-1}", source.initialOffset().json());
        assertEquals(new FileOffset(7), source.offsetFromJson("{\"logId\":7}"));
        assertThrows(ConnectorException.class, () -> source.offsetFromJson("{\"files\":7}"));
    }

    @Test
    void aDirectorySourceIsUnbounded() {
        assertFalse(harness().driverSource().isBounded());
    }

    @Test
    void aRangeBeyondTheLogIsAnError() throws IOException {
        SourceHarness harness = harness();
        addFile("a.csv", 1, 1_000);
        Source source = harness.driverSource();
        ConnectorException error = assertThrows(ConnectorException.class,
                () -> harness.next(source, new FileOffset(3)));
        assertTrue(error.getMessage().contains("the source log ends at entry -1"), error.getMessage());
        assertThrows(ConnectorException.class, () -> harness.plan(source, new FileOffset(-1), new FileOffset(0), 1));
    }
}
