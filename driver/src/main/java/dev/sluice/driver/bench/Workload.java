package dev.sluice.driver.bench;

import java.util.Optional;

/**
 * The workloads of the Spark peer benchmark, by the peer's names. Each reads the same generated events; the
 * stateless ones map to a SQL query the planner plans like any job, the stateful ones wait for stateful operators.
 */
public enum Workload {
    /** W1: the per-batch floor, 10 rows a batch through a projection. */
    OVERHEAD("overhead", true, "SELECT key, `value` + 1 AS v FROM events", "key INT, v BIGINT"),
    /** W1b: the floor with a windowed aggregation. */
    OVERHEAD_AGG("overhead-agg", true, Workload.WINDOWED_COUNT_AND_SUM, Workload.WINDOWED_COUNT_AND_SUM_COLUMNS),
    /** W0: the source's cost alone, all three columns into the sink. */
    SCAN("scan", false, "SELECT ts, key, `value` FROM events",
            "ts TIMESTAMP(3), key INT, `value` BIGINT"),
    /** W2: windowed count and sum per key. */
    AGG("agg", false, Workload.WINDOWED_COUNT_AND_SUM, Workload.WINDOWED_COUNT_AND_SUM_COLUMNS),
    /** W3: a 10% filter and a projection. */
    FILTER("filter", false, "SELECT key, `value` FROM events WHERE MOD(`value`, 10) = 0",
            "key INT, `value` BIGINT"),
    /** W4: deduplication by key within the watermark. */
    DEDUP("dedup", false, null, null);

    /** The peer's {@code groupBy(window(ts, 10 s), key).agg(count(1), sum(value))} with a 5 s watermark. */
    private static final String WINDOWED_COUNT_AND_SUM = "SELECT window_start, window_end, key, COUNT(*), SUM(`value`)"
            + " FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
            + " GROUP BY window_start, window_end, key";
    private static final String WINDOWED_COUNT_AND_SUM_COLUMNS = "window_start TIMESTAMP(3), window_end TIMESTAMP(3),"
            + " key INT, cnt BIGINT, total BIGINT";

    private final String cliName;
    private final boolean overhead;
    private final String select;
    private final String sinkColumns;

    Workload(String cliName, boolean overhead, String select, String sinkColumns) {
        this.cliName = cliName;
        this.overhead = overhead;
        this.select = select;
        this.sinkColumns = sinkColumns;
    }

    /** The name on the command line and in the result line. */
    public String cliName() {
        return cliName;
    }

    /**
     * Overhead workloads run a fixed number of tiny batches (warm-up + measured) and report per-batch latency;
     * the others run a number of events and report throughput.
     */
    public boolean overhead() {
        return overhead;
    }

    /** Why the workload cannot run yet, or empty when it can. */
    public Optional<String> unsupportedReason() {
        if (select != null) {
            return Optional.empty();
        }
        return Optional.of("deduplication within a watermark needs a stateful operator, which this build does not"
                + " have yet");
    }

    /**
     * The job: a bounded {@code datagen} table whose physical column {@code i} is the row index, with the peer's
     * event columns computed from it (100,000 events per event-time second from 1700000000000 ms, disorder
     * under 2 s, each key once per 10,000 events, exactly 10% of values divisible by 10), into a blackhole.
     * {@code value} is a reserved word, hence the back ticks.
     */
    String sql(long rows, long rowsPerBatch) {
        if (select == null) {
            throw new IllegalStateException("workload " + cliName + " has no query: " + unsupportedReason().get());
        }
        return """
                CREATE TABLE events (
                  i     BIGINT,
                  ts    AS TIMESTAMPADD(MILLISECOND, CAST((i * 1000) / 100000 - MOD(i * 7, %1$s) AS INT),
                                        TIMESTAMP '2023-11-14 22:13:20'),
                  key   AS CAST(MOD(i * 7919, %2$s) AS INT),
                  `value` AS MOD(i * 48271, %3$s)%8$s
                ) WITH ('connector' = 'datagen', 'number-of-rows' = '%4$d', 'rows-per-batch' = '%5$d');
                CREATE TABLE results (%6$s) WITH ('connector' = 'blackhole');
                INSERT INTO results %7$s;
                """.formatted(2000, 10_000, 1_000_000, rows, rowsPerBatch, sinkColumns,
                select, select.contains("TUMBLE") ? ",\n  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND" : "");
    }

    /** The workload named {@code name} on the command line. */
    public static Workload byName(String name) {
        for (Workload workload : values()) {
            if (workload.cliName.equals(name)) {
                return workload;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name
                + "' (overhead, overhead-agg, scan, filter, agg, dedup)");
    }
}
