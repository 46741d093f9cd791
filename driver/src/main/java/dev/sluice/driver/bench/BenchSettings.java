package dev.sluice.driver.bench;

import static java.util.Objects.requireNonNull;

/**
 * One benchmark run's settings, with the peer's defaults.
 *
 * @param events rows to read (throughput workloads); overhead workloads read {@code (warmupBatches + batches)
 *     × rowsPerBatch}
 * @param warmupBatches overhead workloads: batches run before the measured ones
 * @param batches overhead workloads: batches measured
 * @param triggerMs the processing-time trigger's interval
 * @param master where the executors run, as {@code --master} takes it
 * @param timeoutSeconds the run stops after this long and reports {@code timeout}
 */
public record BenchSettings(Workload workload, String label, long rowsPerBatch, long events, int warmupBatches,
        int batches, long triggerMs, String master, long timeoutSeconds) {
    public BenchSettings {
        requireNonNull(workload, "workload is null");
        requireNonNull(label, "label is null");
        requireNonNull(master, "master is null");
        if (rowsPerBatch < 1) {
            throw new IllegalArgumentException("--rows-per-batch must be at least 1, not " + rowsPerBatch);
        }
        if (events < 1) {
            throw new IllegalArgumentException("--events must be at least 1, not " + events);
        }
        if (warmupBatches < 0 || batches < 1) {
            throw new IllegalArgumentException("--warmup-batches must be 0 or more and --batches at least 1, not "
                    + warmupBatches + " and " + batches);
        }
        if (triggerMs < 0 || timeoutSeconds < 1) {
            throw new IllegalArgumentException("--trigger-ms must be 0 or more and --timeout-s at least 1, not "
                    + triggerMs + " and " + timeoutSeconds);
        }
    }

    /** The rows the generated table holds: the run ends when the source is read to its end. */
    long rowsToRead() {
        return workload.overhead() ? (long) (warmupBatches + batches) * rowsPerBatch : events;
    }
}
