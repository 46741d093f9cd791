package dev.sluice.connector.filesystem;

import static dev.sluice.connector.filesystem.TestBatches.BIGINT;
import static dev.sluice.connector.filesystem.TestBatches.VARCHAR;
import static dev.sluice.connector.filesystem.TestBatches.column;
import static dev.sluice.connector.filesystem.TestBatches.row;
import static dev.sluice.connector.filesystem.TestBatches.schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.checkpoint.BatchLog;
import dev.sluice.checkpoint.LocalPublishOnceStore;
import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.Offset;
import dev.sluice.connector.Sink;
import dev.sluice.connector.SinkCommitRequest;
import dev.sluice.connector.SinkRecoverRequest;
import dev.sluice.connector.SinkWriter;
import dev.sluice.connector.Source;
import dev.sluice.connector.TableContext;
import dev.sluice.connector.WriterRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemSinkTest {
    private static final Schema SCHEMA = schema(column("id", BIGINT), column("name", VARCHAR));
    private static final String QUERY = "6f1c2a9e-0000-4000-8000-000000000001";
    private static final String OTHER_QUERY = "6f1c2a9e-0000-4000-8000-000000000002";

    /** Two tasks' rows: the second writes a comma and a line break that CSV must quote. */
    private static final List<List<List<Object>>> TASKS = List.of(
            List.of(row(1L, "one"), row(2L, null)),
            List.of(row(3L, "three, \"3\"\nlines")));

    @TempDir
    Path temp;

    private Path output;
    private BufferAllocator allocator;

    @BeforeEach
    void setUp() {
        output = temp.resolve("out").resolve("nested"); // the sink creates it
        allocator = new RootAllocator();
    }

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private Sink sink(String format) {
        return new FileSystemConnectorFactory().createSink(TableContext.of("output", SCHEMA,
                Map.of("connector", "filesystem", "path", output.toString(), "format", format)));
    }

    /** Runs one writer per task, as executors would, and returns their commit messages. */
    private List<String> write(Sink sink, String queryId, long batchId, List<List<List<Object>>> tasks)
            throws IOException {
        List<String> messages = new ArrayList<>();
        for (int partition = 0; partition < tasks.size(); partition++) {
            try (SinkWriter writer = sink.createWriter(new WriterRequest(queryId, batchId, partition, allocator));
                    VectorSchemaRoot batch = TestBatches.batch(allocator, SCHEMA, tasks.get(partition))) {
                writer.write(batch);
                messages.add(writer.commit());
            }
        }
        return messages;
    }

    private void writeAndCommit(Sink sink, String queryId, long batchId, List<List<List<Object>>> tasks)
            throws IOException {
        sink.commit(new SinkCommitRequest(queryId, batchId, write(sink, queryId, batchId, tasks)));
    }

    /** Every name in the output directory, hidden ones too. */
    private List<String> allNames() throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** The visible output: names starting with neither '_' nor '.'. */
    private List<String> visibleNames() throws IOException {
        return allNames().stream().filter(name -> !name.startsWith("_") && !name.startsWith(".")).toList();
    }

    private List<String> inProgressNames() throws IOException {
        return allNames().stream().filter(name -> name.endsWith(".inprogress")).toList();
    }

    /** The visible output read back by a filesystem source over the directory, sorted by id. */
    private List<List<Object>> readOutput(String format) throws IOException {
        SourceHarness harness = new SourceHarness(temp.resolve("reader-checkpoint-" + System.nanoTime()), SCHEMA,
                Map.of("connector", "filesystem", "path", output.toString(), "format", format), allocator);
        Source source = harness.driverSource();
        Offset end = harness.next(source, source.initialOffset());
        List<List<Object>> rows = new ArrayList<>(harness.read(source, source.initialOffset(), end));
        rows.sort(Comparator.comparing(row -> (Long) row.get(0)));
        return rows;
    }

    private static final List<List<Object>> ALL_ROWS =
            List.of(row(1L, "one"), row(2L, null), row(3L, "three, \"3\"\nlines"));

    @Test
    void aCommittedBatchIsVisibleInFlatFilesNamedWithTheBatchId() throws IOException {
        Sink sink = sink("csv");
        sink.recover(new SinkRecoverRequest(QUERY, -1));
        assertTrue(Files.isDirectory(output), "recover creates the directory");
        writeAndCommit(sink, QUERY, 7, TASKS);

        List<String> visible = visibleNames();
        assertEquals(2, visible.size());
        assertTrue(visible.get(0).matches("part-00000000000000000007-0000-[0-9a-f]{8}\\.csv"), visible.get(0));
        assertTrue(visible.get(1).matches("part-00000000000000000007-0001-[0-9a-f]{8}\\.csv"), visible.get(1));
        assertEquals(List.of("_sluice_log"), allNames().stream().filter(name -> !visible.contains(name)).toList());
        assertEquals(List.of("7"), new LocalPublishOnceStore(output).list("_sluice_log"));
        assertEquals("1,one\n2,\n", Files.readString(output.resolve(visible.get(0))));
        assertEquals("3,\"three, \"\"3\"\"\nlines\"\n", Files.readString(output.resolve(visible.get(1))));
        assertEquals(ALL_ROWS, readOutput("csv"));
    }

    @Test
    void theLogEntryRecordsQueryBatchAndFiles() throws IOException {
        Sink sink = sink("csv");
        writeAndCommit(sink, QUERY, 0, TASKS);
        BatchLog log = new BatchLog(new LocalPublishOnceStore(output), "_sluice_log", "sink-log", 1);
        SinkLogEntry entry = SinkLogEntry.fromJson(log.get(0).orElseThrow().get(0), "test");
        assertEquals(QUERY, entry.queryId());
        assertEquals(0, entry.batchId());
        assertEquals(visibleNames(), entry.files().stream().map(WrittenFile::name).toList());
        assertEquals(List.of(2L, 1L), entry.files().stream().map(WrittenFile::rows).toList());
        for (WrittenFile file : entry.files()) {
            assertEquals(Files.size(output.resolve(file.name())), file.bytes());
        }
    }

    @Test
    void aBatchWrittenTwiceAppearsOnce() throws IOException {
        Sink sink = sink("csv");
        writeAndCommit(sink, QUERY, 0, TASKS);
        List<String> afterFirst = allNames();

        // The query restarts and replays batch 0 (its checkpoint commit was lost): a fresh sink instance.
        Sink replay = sink("csv");
        replay.recover(new SinkRecoverRequest(QUERY, -1));
        List<String> messages = write(replay, QUERY, 0, TASKS);
        for (String message : messages) {
            SinkCommitMessage parsed = SinkCommitMessage.fromJson(message);
            assertTrue(parsed.alreadyCommitted());
            assertTrue(parsed.files().isEmpty(), "a writer of a logged batch writes nothing");
        }
        replay.commit(new SinkCommitRequest(QUERY, 0, messages));
        assertEquals(afterFirst, allNames());
        assertEquals(ALL_ROWS, readOutput("csv"));
    }

    @Test
    void committingTheSameMessagesAgainIsANoOp() throws IOException {
        Sink sink = sink("csv");
        List<String> messages = write(sink, QUERY, 3, TASKS);
        sink.commit(new SinkCommitRequest(QUERY, 3, messages));
        List<String> names = allNames();
        sink.commit(new SinkCommitRequest(QUERY, 3, messages));
        assertEquals(names, allNames());
        assertEquals(ALL_ROWS, readOutput("csv"));
    }

    @Test
    void aReplayWhoseWritersRanBeforeTheyCouldSeeTheLogLeavesOnlyTheFirstOutput() throws IOException {
        Sink sink = sink("csv");
        List<String> firstAttempt = write(sink, QUERY, 0, TASKS);
        List<String> secondAttempt = write(sink, QUERY, 0, TASKS); // e.g. a speculative duplicate of the batch
        sink.commit(new SinkCommitRequest(QUERY, 0, firstAttempt));
        sink.commit(new SinkCommitRequest(QUERY, 0, secondAttempt));
        assertEquals(List.of(), inProgressNames(), "the unlogged attempt's files are deleted");
        assertEquals(ALL_ROWS, readOutput("csv"));
    }

    @Test
    void aCrashBetweenWritingAndCommittingLeavesNothingVisibleAndTheRetrySucceeds() throws IOException {
        Sink crashed = sink("csv");
        crashed.recover(new SinkRecoverRequest(QUERY, -1));
        write(crashed, QUERY, 0, TASKS); // writers committed; the driver died before Sink.commit
        assertEquals(List.of(), visibleNames());
        assertEquals(2, inProgressNames().size());

        Sink restarted = sink("csv");
        restarted.recover(new SinkRecoverRequest(QUERY, -1));
        assertEquals(List.of(), inProgressNames(), "recover deletes what uncommitted attempts left");
        writeAndCommit(restarted, QUERY, 0, TASKS);
        assertEquals(ALL_ROWS, readOutput("csv"));
        assertEquals(List.of(), inProgressNames());
    }

    @Test
    void aCrashAfterTheLogEntryButBeforeTheRenamesIsRolledForwardByRecover() throws IOException {
        Sink crashed = sink("csv");
        List<String> messages = write(crashed, QUERY, 0, TASKS);
        // The commit point was reached: _sluice_log/0 exists, but no file was renamed yet.
        List<WrittenFile> files = new ArrayList<>();
        for (String message : messages) {
            files.addAll(SinkCommitMessage.fromJson(message).files());
        }
        new BatchLog(new LocalPublishOnceStore(output), "_sluice_log", "sink-log", 1)
                .publish(0, List.of(new SinkLogEntry(QUERY, 0, files).json()));
        assertEquals(List.of(), visibleNames());

        Sink restarted = sink("csv");
        restarted.recover(new SinkRecoverRequest(QUERY, -1));
        assertEquals(files.stream().map(WrittenFile::name).sorted().toList(), visibleNames());
        assertEquals(List.of(), inProgressNames());
        assertEquals(ALL_ROWS, readOutput("csv"));

        // The query then replays batch 0 (its checkpoint never committed it): nothing changes.
        writeAndCommit(restarted, QUERY, 0, TASKS);
        assertEquals(ALL_ROWS, readOutput("csv"));
    }

    @Test
    void aCrashInTheMiddleOfTheRenamesIsRolledForward() throws IOException {
        Sink crashed = sink("csv");
        List<String> messages = write(crashed, QUERY, 0, TASKS);
        List<WrittenFile> files = new ArrayList<>();
        for (String message : messages) {
            files.addAll(SinkCommitMessage.fromJson(message).files());
        }
        new BatchLog(new LocalPublishOnceStore(output), "_sluice_log", "sink-log", 1)
                .publish(0, List.of(new SinkLogEntry(QUERY, 0, files).json()));
        // The first file got its final name (the hard link) but kept its in-progress name too.
        Files.createLink(output.resolve(files.get(0).name()), output.resolve(files.get(0).inProgressName()));

        Sink restarted = sink("csv");
        restarted.recover(new SinkRecoverRequest(QUERY, 0));
        assertEquals(List.of(), inProgressNames());
        assertEquals(ALL_ROWS, readOutput("csv"));
    }

    @Test
    void aVisibleFileMovedAwayByAConsumerIsNotAnError() throws IOException {
        Sink sink = sink("csv");
        writeAndCommit(sink, QUERY, 0, TASKS);
        Files.delete(output.resolve(visibleNames().get(0)));
        sink("csv").recover(new SinkRecoverRequest(QUERY, 0));
        assertEquals(1, visibleNames().size());
    }

    @Test
    void anotherQuerysOutputDirectoryIsRefused() throws IOException {
        writeAndCommit(sink("csv"), QUERY, 0, TASKS);

        Sink other = sink("csv");
        ConnectorException onRecover = assertThrows(ConnectorException.class,
                () -> other.recover(new SinkRecoverRequest(OTHER_QUERY, -1)));
        assertEquals("table output: sink directory " + output + " holds batch 0 of another query (query id " + QUERY
                + ", in " + output.resolve("_sluice_log").resolve("0") + "); this query's id is " + OTHER_QUERY
                + ". One query writes to one directory: use a new directory, or restart the other query from its"
                + " own checkpoint", onRecover.getMessage());
        assertThrows(ConnectorException.class,
                () -> other.createWriter(new WriterRequest(OTHER_QUERY, 0, 0, allocator)));
        ConnectorException onCommit = assertThrows(ConnectorException.class,
                () -> other.commit(new SinkCommitRequest(OTHER_QUERY, 0, List.of())));
        assertTrue(onCommit.getMessage().contains("of another query (query id " + QUERY), onCommit.getMessage());
        assertEquals(ALL_ROWS, readOutput("csv"));
    }

    @Test
    void abortAndCloseWithoutCommitRemoveTheInProgressFile() throws IOException {
        Sink sink = sink("csv");
        try (SinkWriter writer = sink.createWriter(new WriterRequest(QUERY, 0, 0, allocator));
                VectorSchemaRoot batch = TestBatches.batch(allocator, SCHEMA, TASKS.get(0))) {
            writer.write(batch);
            assertEquals(1, inProgressNames().size());
            writer.abort();
            assertEquals(List.of(), allNames());
        }
        try (SinkWriter writer = sink.createWriter(new WriterRequest(QUERY, 0, 1, allocator));
                VectorSchemaRoot batch = TestBatches.batch(allocator, SCHEMA, TASKS.get(1))) {
            writer.write(batch);
        } // closed without a commit: the task failed
        assertEquals(List.of(), allNames());
    }

    @Test
    void theDriversAbortRemovesTheWritersFiles() throws IOException {
        Sink sink = sink("csv");
        List<String> messages = write(sink, QUERY, 0, TASKS);
        sink.abort(new SinkCommitRequest(QUERY, 0, messages));
        assertEquals(List.of(), allNames());
    }

    @Test
    void aTaskWithoutRowsWritesNoFile() throws IOException {
        Sink sink = sink("csv");
        writeAndCommit(sink, QUERY, 0, List.of(List.of(), List.of(row(5L, "five"))));
        assertEquals(1, visibleNames().size());
        assertEquals(List.of(row(5L, "five")), readOutput("csv"));
    }

    @Test
    void aCommitWhoseFilesWereRemovedIsRefusedBeforeItsCommitPoint() throws IOException {
        Sink sink = sink("csv");
        List<String> messages = write(sink, QUERY, 0, TASKS);
        sink("csv").recover(new SinkRecoverRequest(QUERY, -1)); // deletes the in-progress files
        ConnectorException error = assertThrows(ConnectorException.class,
                () -> sink.commit(new SinkCommitRequest(QUERY, 0, messages)));
        assertTrue(error.getMessage().startsWith("table output: cannot commit batch 0: its in-progress file "),
                error.getMessage());
        assertFalse(Files.exists(output.resolve("_sluice_log").resolve("0")), "nothing was committed");
    }

    @Test
    void aJsonSinkWritesJsonLinesFiles() throws IOException {
        Sink sink = sink("json");
        writeAndCommit(sink, QUERY, 2, TASKS);
        List<String> visible = visibleNames();
        assertTrue(visible.get(0).matches("part-00000000000000000002-0000-[0-9a-f]{8}\\.json"), visible.get(0));
        assertEquals("{\"id\":1,\"name\":\"one\"}\n{\"id\":2,\"name\":null}\n",
                Files.readString(output.resolve(visible.get(0))));
        assertEquals(ALL_ROWS, readOutput("json"));
    }
}
