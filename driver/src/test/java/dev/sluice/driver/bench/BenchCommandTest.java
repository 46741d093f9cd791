package dev.sluice.driver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.driver.testing.Jobs;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/sluice bench} in this JVM on tiny configurations: one JSON line with the peer's field names. Checks
 * the shape and the row counts only, never a performance figure. The runs are tagged slow: together they take
 * several seconds, most of it the planner's first plan in a fresh JVM.
 */
class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Tag("slow")
    void overheadRunsTheWarmUpAndMeasuredBatches() throws Exception {
        JsonNode result = runAndParse("bench", "overhead", "--warmup-batches", "2", "--batches", "3",
                "--master", "local[2]", "--label", "tiny");
        assertEquals("sluice", result.get("engine").asText());
        assertEquals("overhead", result.get("workload").asText());
        assertEquals("ok", result.get("status").asText());
        assertEquals("tiny", result.get("label").asText());
        assertEquals(10, result.get("rowsPerBatch").asLong());
        assertEquals("local[2]", result.get("master").asText());
        assertEquals(0, result.get("triggerMs").asLong());
        assertEquals(5, result.get("batchesCounted").asInt());
        assertEquals(50, result.get("inputRows").asLong());
        assertEquals(50, result.get("sinkOutputRows").asLong());
        assertEquals(3, result.get("measuredBatches").asInt());
        assertStatistics(result.get("triggerExecutionMs"), 3);
        assertTrue(result.get("phaseMedianMs").has("addBatch"), result.toString());
        assertTrue(result.get("phaseMedianMs").has("walCommit"), result.toString());
        assertStartupAndProcess(result);
    }

    @Test
    @Tag("slow")
    void filterReportsThroughputAndKeepsATenthOfTheRows() throws Exception {
        JsonNode result = runAndParse("bench", "filter", "--events", "20000", "--rows-per-batch", "5000");
        assertEquals("ok", result.get("status").asText());
        assertEquals(4, result.get("batchesCounted").asInt());
        assertEquals(20000, result.get("inputRows").asLong());
        // value = (i * 48271) % 1000000 is divisible by 10 exactly when i is
        assertEquals(2000, result.get("sinkOutputRows").asLong());
        JsonNode throughput = result.get("throughput");
        for (String field : List.of("wallMsQueryStartToLastCommit", "eventsPerSecWall", "sumTriggerExecutionMs",
                "eventsPerSecSumTrigger", "steadyMsFirstCommitToLastCommit", "eventsPerSecSteadyExclFirstBatch")) {
            assertTrue(throughput.has(field), field + " missing in " + throughput);
        }
        assertStatistics(result.get("triggerExecutionMs"), 4);
        assertStartupAndProcess(result);
    }

    @Test
    @Tag("slow")
    void scanReadsEveryColumnOfEveryRow() throws Exception {
        JsonNode result = runAndParse("bench", "scan", "--events", "3000", "--rows-per-batch", "1000");
        assertEquals("ok", result.get("status").asText());
        assertEquals(3000, result.get("sinkOutputRows").asLong());
    }

    @Test
    void deduplicationAnswersUnsupportedWithAReason() throws Exception {
        JsonNode result = runAndParse("bench", "dedup");
        assertEquals("unsupported", result.get("status").asText());
        assertEquals("dedup", result.get("workload").asText());
        assertTrue(result.get("reason").asText().contains("stateful operator"), result.toString());
    }

    @Test
    @Tag("slow")
    void aggregationCountsEveryEventIntoTenSecondWindows() throws Exception {
        JsonNode result = runAndParse("bench", "agg", "--events", "300000", "--rows-per-batch", "100000");
        assertEquals("ok", result.get("status").asText());
        assertEquals(300000, result.get("inputRows").asLong());
        // 100,000 events per event-time second: 3 s of events from the start of a 10 s window, some up to 2 s
        // earlier (in the window before); each of the 10,000 keys has a row in the first window, some in the one
        // before. The bounded input's end closes every window, so each is written exactly once.
        long windows = result.get("sinkOutputRows").asLong();
        assertTrue(windows >= 10000 && windows <= 20000, result.toString());
    }

    @Test
    @Tag("slow")
    void overheadWithAnAggregationRunsItsBatches() throws Exception {
        JsonNode result = runAndParse("bench", "overhead-agg", "--warmup-batches", "2", "--batches", "3",
                "--master", "local[2]");
        assertEquals("ok", result.get("status").asText());
        assertEquals(50, result.get("inputRows").asLong());
        assertStatistics(result.get("triggerExecutionMs"), 3);
    }

    @Test
    void anUnknownWorkloadIsABadCommandLine() {
        Jobs.Run run = Jobs.cli("bench", "sort");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("unknown workload 'sort'"), run.err());
    }

    private static JsonNode runAndParse(String... arguments) throws Exception {
        Jobs.Run run = Jobs.cli(arguments);
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(1, lines.size(), "exactly one line on standard output: " + run.out());
        return JSON.readTree(lines.get(0));
    }

    private static void assertStatistics(JsonNode statistics, int count) {
        assertEquals(count, statistics.get("n").asInt(), statistics.toString());
        for (String field : List.of("min", "median", "p95", "max", "mean")) {
            assertTrue(statistics.has(field), field + " missing in " + statistics);
        }
    }

    private static void assertStartupAndProcess(JsonNode result) {
        JsonNode startup = result.get("startup");
        assertTrue(startup.get("jvmStartToFirstBatchCommittedMs").asLong() > 0, startup.toString());
        assertTrue(startup.has("queryStartToFirstBatchCommittedMs"), startup.toString());
        assertTrue(result.get("procPeakRssKb").asLong() > 0, result.toString());
        assertTrue(result.has("gcTimeMs"), result.toString());
    }
}
