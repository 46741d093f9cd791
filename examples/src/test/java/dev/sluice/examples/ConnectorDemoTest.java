package dev.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorDemoTest {
    @TempDir
    Path directory;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ConnectorDemo demo = new ConnectorDemo(new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void drainsTheTableBatchByBatchIntoCsv() throws IOException {
        assertEquals(5, demo.run(directory, 50, 10));
        assertEquals(50, visibleOutputLines().size());
        assertEquals(ids(0, 50), idsOf(visibleOutputLines()));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("batch 4: {\"rows\":40} -> {\"rows\":50}, 10 rows"),
                printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void secondRunFindsEverythingCommitted() throws IOException {
        demo.run(directory, 50, 10);
        assertEquals(0, demo.run(directory, 50, 10));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("batch 4 was committed: continuing with batch 5"));
        assertEquals(50, visibleOutputLines().size());
    }

    @Test
    void batchWrittenAheadButNotCommittedIsReplayedOnceWithoutDuplicates() throws IOException {
        demo.run(directory, 50, 10);
        // As if the run had died after the sink commit of batch 4 but before commits/4.
        Files.delete(directory.resolve("checkpoint/commits/4"));
        assertEquals(1, demo.run(directory, 50, 10));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("replaying it with its logged offsets"));
        assertEquals(ids(0, 50), idsOf(visibleOutputLines()));
    }

    @Test
    void aLargerTableContinuesWhereTheLastRunStopped() throws IOException {
        demo.run(directory, 30, 10);
        assertEquals(2, demo.run(directory, 50, 10));
        assertEquals(ids(0, 50), idsOf(visibleOutputLines()));
    }

    private List<String> visibleOutputLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory.resolve("output"))) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".") && !name.startsWith("_")) {
                    lines.addAll(Files.readAllLines(file));
                }
            }
        }
        return lines;
    }

    private static List<Long> idsOf(List<String> lines) {
        return lines.stream().map(line -> Long.parseLong(line.substring(0, line.indexOf(',')))).sorted().toList();
    }

    private static List<Long> ids(long from, long to) {
        List<Long> ids = new ArrayList<>();
        for (long id = from; id < to; id++) {
            ids.add(id);
        }
        return ids;
    }
}
