package dev.sluice.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.driver.cli.SluiceCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every SQL example through the real CLI (local executors, a real checkpoint) and checks its output against
 * rows computed here from the example's own definitions. The examples use paths relative to the project root;
 * the test points them at temporary directories.
 */
class SqlExamplesTest {
    private static final Path EXAMPLES = Path.of("sql");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @TempDir
    Path directory;

    @Test
    void quickstartPrintsTheLargeOrders() throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, UTF_8));
        try {
            assertEquals(0, run(Files.readString(EXAMPLES.resolve("quickstart.sql"))));
        } finally {
            System.setOut(original);
        }
        List<String> expected = new ArrayList<>();
        for (long orderId = 0; orderId < 2000; orderId++) {
            long cents = orderId * 48271 % 100000;
            if (cents >= 75000 && orderId % 10 == 0) {
                LocalDateTime time = LocalDateTime.of(2026, 1, 1, 9, 0).plusSeconds(orderId * 7).withSecond(0);
                expected.add("large> +I[" + orderId + ", customer-" + orderId * 7919 % 1000 + ", " + cents / 100
                        + ", " + (cents >= 90000 ? "very large" : "large") + ", " + TIMESTAMP.format(time) + "]");
            }
        }
        List<String> rows = printed.toString(UTF_8).lines().filter(line -> line.startsWith("large> ")).sorted().toList();
        assertEquals(expected.stream().sorted().toList(), rows);
    }

    @Test
    void csvTransformKeepsTheEuropeanOrders() throws IOException {
        Path input = Files.createDirectories(directory.resolve("orders"));
        try (Stream<Path> files = Files.list(Path.of("data/orders"))) {
            for (Path file : files.sorted().toList()) {
                Files.copy(file, input.resolve(file.getFileName()));
            }
        }
        String sql = Files.readString(EXAMPLES.resolve("csv-transform.sql"))
                .replace("'examples/data/orders'", "'" + input + "'")
                .replace("'examples/target/european-orders'", "'" + directory.resolve("out") + "'");
        assertEquals(0, run(sql, "--trigger", "available-now"));
        assertEquals(List.of(
                "1,DE,espresso machine,1,2026-01-01",
                "3,FR,\"cups, set of 6\",3,2026-01-01",
                "5,IT,\"the \"\"barista\"\" scale\",1,2026-01-02",
                "7,DE,,2,2026-01-02"), visibleLines(directory.resolve("out")));
    }

    @Test
    void windowedRevenueWritesEveryMinuteOnce() throws IOException {
        String sql = Files.readString(EXAMPLES.resolve("windowed-revenue.sql"))
                .replace("'examples/target/revenue-per-minute'", "'" + directory.resolve("out") + "'");
        assertEquals(0, run(sql, "--trigger", "available-now"));
        // The same aggregation, row by row: the bounded input's end closes every window.
        java.util.Map<String, long[]> groups = new java.util.TreeMap<>();
        long start = java.time.Instant.parse("2026-01-01T09:00:00Z").toEpochMilli();
        java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(java.time.ZoneOffset.UTC);
        for (long orderId = 0; orderId < 2000; orderId++) {
            long time = start + orderId * 700 - orderId * 13 % 3000;
            long windowStart = Math.floorDiv(time, 60_000) * 60_000;
            long amount = orderId * 48271 % 100000;
            String key = format.format(java.time.Instant.ofEpochMilli(windowStart)) + ","
                    + format.format(java.time.Instant.ofEpochMilli(windowStart + 60_000)) + ","
                    + orderId * 7919 % 1000 / 250;
            long[] group = groups.computeIfAbsent(key, unused -> new long[3]);
            group[0]++;
            group[1] += amount;
            group[2] = Math.max(group[2], amount);
        }
        List<String> expected = new ArrayList<>();
        groups.forEach((key, group) -> expected.add(key + "," + group[0] + "," + group[1] / 100 + "," + group[2]));
        assertEquals(expected.stream().sorted().toList(), visibleLines(directory.resolve("out")));
    }

    @Test
    void unionWritesBothChannels() throws IOException {
        String sql = Files.readString(EXAMPLES.resolve("union.sql"))
                .replace("'examples/target/all-sales'", "'" + directory.resolve("out") + "'");
        assertEquals(0, run(sql));
        List<String> expected = new ArrayList<>();
        for (long saleId = 0; saleId < 300; saleId++) {
            expected.add("{\"channel\":\"web\",\"sale_id\":" + saleId + ",\"cents\":" + saleId * 31 % 5000 + "}");
        }
        for (long saleId = 0; saleId < 200; saleId++) {
            if (saleId * 17 % 8000 > 0) {
                expected.add("{\"channel\":\"shop\",\"sale_id\":" + saleId + ",\"cents\":" + saleId * 17 % 8000 + "}");
            }
        }
        assertEquals(expected.stream().sorted().toList(), visibleLines(directory.resolve("out")));
    }

    private int run(String sql, String... extraArguments) throws IOException {
        Path job = Files.writeString(directory.resolve("job.sql"), sql);
        List<String> arguments = new ArrayList<>(List.of("sql", "-f", job.toString(), "--master", "local[2]",
                "--checkpoint", directory.resolve("checkpoint").toString()));
        arguments.addAll(List.of(extraArguments));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exitCode = SluiceCli.run(arguments.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(errors, true, UTF_8));
        assertEquals("", errors.toString(UTF_8));
        return exitCode;
    }

    /** The sorted lines of the files a reader of the directory sees (names not starting with '_' or '.'). */
    private static List<String> visibleLines(Path directory) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!name.startsWith("_") && !name.startsWith(".")) {
                    lines.addAll(Files.readAllLines(file));
                }
            }
        }
        return lines.stream().sorted().toList();
    }
}
