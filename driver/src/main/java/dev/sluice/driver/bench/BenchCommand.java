package dev.sluice.driver.bench;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/sluice bench <workload> [options]}: runs one workload in this JVM and prints exactly one JSON line
 * with the Spark peer benchmark's field names. Options and defaults are the peer's.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs one benchmark workload and prints one JSON line with its figures.")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<workload>",
            description = "overhead, overhead-agg, scan, filter, agg or dedup")
    String workload;

    @Option(names = "--rows-per-batch", paramLabel = "N",
            description = "rows a batch reads (default: 10 for overhead workloads, else 1000000)")
    Long rowsPerBatch;

    @Option(names = "--events", paramLabel = "N", defaultValue = "10000000",
            description = "rows to read, for the throughput workloads (default: ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--warmup-batches", paramLabel = "N",
            description = "overhead workloads: batches before the measured ones (default: 5)")
    Integer warmupBatches;

    @Option(names = "--batches", paramLabel = "N", defaultValue = "30",
            description = "overhead workloads: batches measured (default: ${DEFAULT-VALUE})")
    int batches;

    @Option(names = "--trigger-ms", paramLabel = "N", defaultValue = "0",
            description = "the processing-time trigger's interval (default: ${DEFAULT-VALUE})")
    long triggerMs;

    @Option(names = "--master", paramLabel = "local[N]|local-cluster[N]", defaultValue = "local[2]",
            description = "where the executors run (default: ${DEFAULT-VALUE})")
    String master;

    @Option(names = "--label", paramLabel = "TEXT", defaultValue = "",
            description = "copied into the result line, to tell runs apart")
    String label;

    @Option(names = "--timeout-s", paramLabel = "N", defaultValue = "170",
            description = "stop and report a timeout after this long (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    private final PrintStream out;
    private final long mainStartMs;

    /**
     * @param mainStartMs when the process's entry point started, for the startup figures
     */
    public BenchCommand(PrintStream out, long mainStartMs) {
        this.out = requireNonNull(out, "out is null");
        this.mainStartMs = mainStartMs;
    }

    @Override
    public Integer call() {
        Workload chosen = Workload.byName(workload);
        BenchSettings settings = new BenchSettings(chosen, label,
                rowsPerBatch != null ? rowsPerBatch : chosen.overhead() ? 10 : 1_000_000, events,
                warmupBatches != null ? warmupBatches : chosen.overhead() ? 5 : 0, batches, triggerMs, master,
                timeoutSeconds);
        Map<String, Object> result = BenchRunner.run(settings, mainStartMs);
        out.println(BenchRunner.toJson(result));
        out.flush();
        String status = (String) result.get("status");
        return status.equals("ok") || status.equals("unsupported") ? 0 : 1;
    }
}
