package dev.sluice.driver.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.driver.cluster.ClusterStart;
import dev.sluice.driver.cluster.Master;
import dev.sluice.driver.progress.QueryProgress;
import dev.sluice.driver.query.QueryOptions;
import dev.sluice.driver.query.StreamingQuery;
import dev.sluice.driver.query.Trigger;
import dev.sluice.planner.PlannedQuery;
import dev.sluice.planner.QueryPlanner;
import dev.sluice.planner.SqlScript;
import dev.sluice.planner.catalog.ConnectorOptionsValidator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one benchmark workload through the normal engine path (the SQL job planned by the planner, executors over
 * gRPC, a temporary checkpoint, a blackhole sink) and describes it as one JSON object with the Spark peer's field
 * names, so one script can put both engines' figures side by side.
 */
public final class BenchRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchRunner() {}

    /** One batch as the runner saw it: the progress record and the wall time its commit was reported. */
    private record Batch(QueryProgress progress, long committedAtMs) {
        long startMs() {
            return Instant.parse(progress.timestamp()).toEpochMilli();
        }

        long triggerMs() {
            return progress.durationMs().getOrDefault("triggerExecution", -1L);
        }
    }

    /**
     * Runs {@code settings} and returns the result line.
     *
     * @param mainStartMs when the command started, for the startup figures
     */
    public static Map<String, Object> run(BenchSettings settings, long mainStartMs) {
        requireNonNull(settings, "settings is null");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("engine", "sluice");
        result.put("workload", settings.workload().cliName());
        result.put("status", "ok");
        result.put("label", settings.label());
        result.put("source", "datagen");
        result.put("rowsPerBatch", settings.rowsPerBatch());
        result.put("triggerMs", settings.triggerMs());
        result.put("eventRate", 100_000);
        result.put("master", settings.master());
        result.put("sink", "blackhole");
        result.put("java", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        // Filled in after the run: the JVM's management beans take tens of milliseconds to start, which would
        // count towards the startup this runner measures.
        result.put("jvmArgs", List.of());
        result.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
        result.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        Optional<String> unsupported = settings.workload().unsupportedReason();
        if (unsupported.isPresent()) {
            result.put("status", "unsupported");
            result.put("reason", unsupported.get());
            result.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
            putProcessFigures(result);
            return result;
        }
        long planningStart = System.currentTimeMillis();
        Master master = Master.parse(settings.master());
        ClusterStart executors = ClusterStart.begin(master); // as bin/sluice sql does: boot while planning
        String sql = settings.workload().sql(settings.rowsToRead(), settings.rowsPerBatch());
        PlannedQuery planned;
        try {
            planned = QueryPlanner.plan(SqlScript.parse("bench-" + settings.workload().cliName() + ".sql", sql,
                    ConnectorOptionsValidator.ACCEPT_ALL));
        } catch (RuntimeException e) {
            executors.close();
            throw e;
        }
        long planningMs = System.currentTimeMillis() - planningStart;
        List<Batch> batches = new ArrayList<>();
        StreamingQuery query = new StreamingQuery(planned, new QueryOptions("bench_" + settings.workload().cliName()
                .replace('-', '_'), master, Optional.empty(),
                new Trigger.ProcessingTime(Duration.ofMillis(settings.triggerMs()))), executors,
                new PrintStream(OutputStream.nullOutputStream()));
        // The listener runs in the query's thread, right after each commit: its clock reading is the commit time.
        query.addProgressListener(progress -> batches.add(new Batch(progress, System.currentTimeMillis())));
        ScheduledExecutorService timeout = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-timeout");
            thread.setDaemon(true);
            return thread;
        });
        AtomicBoolean timedOut = new AtomicBoolean();
        timeout.schedule(() -> {
            timedOut.set(true);
            query.stop();
        }, settings.timeoutSeconds(), TimeUnit.SECONDS);
        long queryStartMs = System.currentTimeMillis();
        try {
            query.run();
        } catch (IOException | RuntimeException e) {
            result.put("status", "failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.put("status", "failed: interrupted");
        } finally {
            timeout.shutdownNow();
            executors.close();
        }
        long queryStoppedMs = System.currentTimeMillis();
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        result.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        long inputRows = batches.stream().mapToLong(batch -> batch.progress().numInputRows()).sum();
        if (result.get("status").equals("ok") && (timedOut.get() || inputRows < settings.rowsToRead())) {
            result.put("status", timedOut.get() ? "timeout" : "incomplete: read " + inputRows + " of "
                    + settings.rowsToRead() + " rows");
        }
        result.put("sourcePartitions", coresOf(master)); // a datagen batch splits into one range per core
        result.put("events", settings.rowsToRead());
        result.put("planningMs", planningMs);
        putStartup(result, batches, jvmStartMs, mainStartMs, queryStartMs);
        putBatches(result, settings, batches, queryStartMs);
        putProcessFigures(result);
        result.put("totalMsJvmStartToStopped", queryStoppedMs - jvmStartMs);
        return result;
    }

    /** The result as one JSON line. */
    public static String toJson(Map<String, Object> result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int coresOf(Master master) {
        if (master instanceof Master.Local local) {
            return local.executors();
        }
        if (master instanceof Master.LocalCluster cluster) {
            return cluster.executors();
        }
        return -1; // registered executors: known only once they register
    }

    private static void putStartup(Map<String, Object> result, List<Batch> batches, long jvmStartMs,
            long mainStartMs, long queryStartMs) {
        Map<String, Object> startup = new LinkedHashMap<>();
        startup.put("jvmStartToMainMs", mainStartMs - jvmStartMs);
        startup.put("jvmStartToQueryStartMs", queryStartMs - jvmStartMs);
        if (!batches.isEmpty()) {
            long firstCommitted = batches.get(0).committedAtMs();
            startup.put("firstBatchTriggerMs", batches.get(0).triggerMs());
            startup.put("queryStartToFirstBatchCommittedMs", firstCommitted - queryStartMs);
            startup.put("mainToFirstBatchCommittedMs", firstCommitted - mainStartMs);
            startup.put("jvmStartToFirstBatchCommittedMs", firstCommitted - jvmStartMs);
        }
        result.put("startup", startup);
    }

    private static void putBatches(Map<String, Object> result, BenchSettings settings, List<Batch> batches,
            long queryStartMs) {
        List<Long> triggerAll = new ArrayList<>();
        List<Long> rowsAll = new ArrayList<>();
        long inputRows = 0;
        long outputRows = 0;
        for (Batch batch : batches) {
            triggerAll.add(batch.triggerMs());
            rowsAll.add(batch.progress().numInputRows());
            inputRows += batch.progress().numInputRows();
            outputRows += Math.max(0, batch.progress().sink().numOutputRows());
        }
        result.put("batchesCounted", batches.size());
        // No-data batches (windows closed by the watermark, or by the end of bounded input) count for throughput,
        // which is about getting every result out; the per-batch latency of an overhead run is about data batches.
        List<Batch> dataBatches = batches.stream().filter(batch -> batch.progress().numInputRows() > 0).toList();
        result.put("dataBatches", dataBatches.size());
        result.put("inputRows", inputRows);
        result.put("sinkOutputRows", outputRows);
        result.put("batchTriggerMs", triggerAll);
        result.put("batchInputRows", rowsAll);
        if (settings.workload().overhead()) {
            List<Batch> measured = dataBatches.subList(Math.min(settings.warmupBatches(), dataBatches.size()),
                    dataBatches.size());
            result.put("warmupBatches", settings.warmupBatches());
            result.put("measuredBatches", measured.size());
            result.put("triggerExecutionMs", Statistics.of(measured.stream().map(Batch::triggerMs).toList()));
            result.put("triggerExecutionMsAllBatches", Statistics.of(triggerAll));
            result.put("phaseMedianMs", phaseMedians(measured));
            if (measured.size() >= 2) {
                List<Long> gaps = new ArrayList<>();
                for (int index = 1; index < measured.size(); index++) {
                    gaps.add(measured.get(index).startMs() - measured.get(index - 1).startMs());
                }
                result.put("batchStartIntervalMs", Statistics.of(gaps));
            }
        } else if (!batches.isEmpty()) {
            long firstCommitted = batches.get(0).committedAtMs();
            long lastCommitted = batches.get(batches.size() - 1).committedAtMs();
            long wall = lastCommitted - queryStartMs;
            long sumTrigger = triggerAll.stream().mapToLong(Long::longValue).sum();
            Map<String, Object> throughput = new LinkedHashMap<>();
            throughput.put("wallMsQueryStartToLastCommit", wall);
            throughput.put("eventsPerSecWall", Statistics.rate(inputRows, wall));
            throughput.put("sumTriggerExecutionMs", sumTrigger);
            throughput.put("eventsPerSecSumTrigger", Statistics.rate(inputRows, sumTrigger));
            if (batches.size() >= 2) {
                long rowsAfterFirst = inputRows - batches.get(0).progress().numInputRows();
                throughput.put("steadyMsFirstCommitToLastCommit", lastCommitted - firstCommitted);
                throughput.put("eventsPerSecSteadyExclFirstBatch",
                        Statistics.rate(rowsAfterFirst, lastCommitted - firstCommitted));
            }
            result.put("throughput", throughput);
            result.put("triggerExecutionMs", Statistics.of(triggerAll));
            result.put("triggerExecutionMsExclFirst", Statistics.of(triggerAll.subList(1, triggerAll.size())));
            result.put("phaseMedianMs", phaseMedians(batches.subList(1, batches.size())));
        }
    }

    private static Map<String, Object> phaseMedians(List<Batch> batches) {
        TreeSet<String> phases = new TreeSet<>();
        for (Batch batch : batches) {
            phases.addAll(batch.progress().durationMs().keySet());
        }
        Map<String, Object> medians = new LinkedHashMap<>();
        for (String phase : phases) {
            List<Long> values = new ArrayList<>();
            for (Batch batch : batches) {
                Long value = batch.progress().durationMs().get(phase);
                if (value != null) {
                    values.add(value);
                }
            }
            medians.put(phase, Statistics.median(values));
        }
        return medians;
    }

    /** GC time and the process's peak resident set, measured the same way as the peer. */
    private static void putProcessFigures(Map<String, Object> result) {
        long gcCount = 0;
        long gcMs = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, collector.getCollectionCount());
            gcMs += Math.max(0, collector.getCollectionTime());
        }
        result.put("gcCount", gcCount);
        result.put("gcTimeMs", gcMs);
        result.put("procPeakRssKb", procStatusKb("VmHWM"));
    }

    /** A {@code /proc/self/status} field in kB; -1 where there is no such file (not Linux). */
    static long procStatusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
