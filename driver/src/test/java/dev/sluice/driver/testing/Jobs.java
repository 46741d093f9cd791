package dev.sluice.driver.testing;

import dev.sluice.driver.cli.SluiceCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/** Helpers for driver tests: SQL jobs over the built-in connectors, running the CLI, reading CSV output. */
public final class Jobs {
    private Jobs() {}

    /** A bounded datagen table copied into CSV files. */
    public static String datagenToCsv(long rows, long rowsPerBatch, Path output) {
        return """
                CREATE TABLE numbers (id BIGINT, name VARCHAR) WITH (
                  'connector' = 'datagen', 'number-of-rows' = '%d', 'rows-per-batch' = '%d',
                  'fields.name.length' = '5');
                CREATE TABLE copied (id BIGINT, name VARCHAR) WITH (
                  'connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO copied SELECT * FROM numbers;
                """.formatted(rows, rowsPerBatch, output);
    }

    /** A CSV directory copied into CSV files. */
    public static String csvToCsv(Path input, Path output, int maxFilesPerTrigger) {
        return """
                CREATE TABLE events (id BIGINT, name VARCHAR) WITH (
                  'connector' = 'filesystem', 'path' = '%s', 'format' = 'csv', 'max-files-per-trigger' = '%d');
                CREATE TABLE copied (id BIGINT, name VARCHAR) WITH (
                  'connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
                INSERT INTO copied SELECT * FROM events;
                """.formatted(input, maxFilesPerTrigger, output);
    }

    /** The outcome of one CLI run in this JVM. */
    public record Run(int exitCode, String out, String err) {}

    /** Runs {@code bin/sluice} with {@code arguments} in this JVM, its standard output into {@code out}. */
    public static Run cli(String[] arguments, PrintStream out) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = SluiceCli.run(arguments, out, errStream);
        }
        return new Run(code, "", err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code bin/sluice} with {@code arguments} in this JVM. */
    public static Run cli(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = SluiceCli.run(arguments, outStream, errStream);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The lines of the visible files (names not starting with '.' or '_'), sorted: a multiset to compare. */
    public static List<String> visibleLines(Path directory) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(Jobs::visible).sorted().toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        Collections.sort(lines);
        return lines;
    }

    /** Files whose names start with '.' (in progress), as a sink leaves them. */
    public static List<Path> hiddenFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith(".")).toList();
        }
    }

    private static boolean visible(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && !name.startsWith(".") && !name.startsWith("_");
    }

    /** How many batches the checkpoint's offsets log holds (files of {@code offsets/} not starting with '.'). */
    public static int batchesLogged(Path checkpoint) {
        String[] names = checkpoint.resolve("offsets").toFile().list((dir, name) -> !name.startsWith("."));
        return names == null ? 0 : names.length;
    }

    /**
     * Starts {@code bin/sluice sql -f job} as a driver process on {@code local-cluster[2]} with a processing-time
     * trigger, and returns once it logged a new batch (or died, or a minute passed): the moment a crash test kills
     * something.
     */
    public static Process startDriverAndAwaitABatch(Path log, Path job, Path checkpoint)
            throws IOException, InterruptedException {
        Process driver = ChildJvm.sluice(log, "sql", "-f", job.toString(), "--master", "local-cluster[2]",
                "--checkpoint", checkpoint.toString(), "--trigger", "processing-time=0");
        int before = batchesLogged(checkpoint);
        long deadline = System.currentTimeMillis() + 60_000;
        while (batchesLogged(checkpoint) == before && driver.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        return driver;
    }
}
