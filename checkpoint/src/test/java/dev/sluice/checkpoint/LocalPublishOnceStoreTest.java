package dev.sluice.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPublishOnceStoreTest extends PublishOnceStoreContractTest {
    private static final int RACE_FILES = 100;

    @TempDir
    Path root;

    @Override
    protected PublishOnceStore openStore() {
        return new LocalPublishOnceStore(root);
    }

    @Override
    protected void writeRawFile(String relativePath, byte[] bytes) throws IOException {
        Path file = root.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    @Override
    protected List<String> listRawNames(String relativeDirectory) throws IOException {
        try (Stream<Path> entries = Files.list(root.resolve(relativeDirectory))) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void publishLeavesNoTemporaryFileBehind() throws Exception {
        store.publish("offsets/0", bytes("offsets", 0, "x"));
        store.publish("offsets/0", bytes("offsets", 0, "x"));
        try {
            store.publish("offsets/0", bytes("offsets", 0, "y"));
        } catch (PublishConflictException expected) {
            // the conflict must not leave its temporary file either
        }

        assertEquals(List.of("0"), listRawNames("offsets"));
    }

    @Test
    void describeIsTheAbsolutePath() {
        assertEquals(root.toAbsolutePath().resolve("offsets").resolve("7").toString(), store.describe("offsets/7"));
    }

    @Test
    void ofTwoProcessesPublishingDifferentBytesExactlyOneWinsEachFile() throws Exception {
        List<List<String>> reports = raceTwoProcesses("first", "second");

        for (int n = 0; n < RACE_FILES; n++) {
            String first = reports.get(0).get(n);
            String second = reports.get(1).get(n);
            boolean firstWon = first.equals(n + " WON");
            boolean secondWon = second.equals(n + " WON");
            assertTrue(firstWon ^ secondWon, "file " + n + ": " + first + " / " + second);
            String loser = firstWon ? second : first;
            String file = root.resolve("race").resolve(Integer.toString(n)).toString();
            assertTrue(loser.startsWith(n + " CONFLICT " + file + ": already exists with different content"), loser);
            byte[] stored = Files.readAllBytes(Path.of(file));
            assertArrayEquals(PublishRaceMain.content(firstWon ? "first" : "second", n), stored);
        }
    }

    @Test
    void ofTwoProcessesPublishingTheSameBytesOneCreatesAndTheOtherIsANoOp() throws Exception {
        List<List<String>> reports = raceTwoProcesses("replay", "replay");

        for (int n = 0; n < RACE_FILES; n++) {
            List<String> outcomes = List.of(reports.get(0).get(n), reports.get(1).get(n));
            assertTrue(outcomes.contains(n + " WON") && outcomes.contains(n + " SAME"), "file " + n + ": " + outcomes);
            assertArrayEquals(PublishRaceMain.content("replay", n),
                    Files.readAllBytes(root.resolve("race").resolve(Integer.toString(n))));
        }
        try (Stream<Path> entries = Files.list(root.resolve("race"))) {
            assertEquals(RACE_FILES, entries.count(), "no temporary file may be left behind");
        }
    }

    /** Starts two publisher JVMs, lets them go at the same moment, and returns each one's report lines. */
    private List<List<String>> raceTwoProcesses(String firstWriter, String secondWriter) throws Exception {
        Path startFile = root.resolve("start");
        List<Process> processes = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
            List<String> writers = List.of(firstWriter, secondWriter);
            for (int participant = 0; participant < writers.size(); participant++) {
                Process process = ChildJvm.start(PublishRaceMain.class, root.toString(), startFile.toString(),
                        Integer.toString(RACE_FILES), writers.get(participant), Integer.toString(participant));
                processes.add(process);
                outputs.add(new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8)));
            }
            for (BufferedReader output : outputs) {
                assertEquals("READY", output.readLine());
            }
            Files.write(startFile, new byte[0]);
            List<List<String>> reports = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                List<String> lines = outputs.get(i).lines().toList();
                assertTrue(processes.get(i).waitFor(60, TimeUnit.SECONDS), "publisher " + i + " did not finish");
                assertEquals(0, processes.get(i).exitValue(), "publisher " + i + " failed: " + lines);
                assertEquals(RACE_FILES, lines.size(), "publisher " + i + ": " + lines);
                reports.add(lines);
            }
            return reports;
        } finally {
            for (Process process : processes) {
                process.destroyForcibly();
            }
        }
    }
}
