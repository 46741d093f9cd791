package dev.sluice.driver.query;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The durations of one batch's steps, under the names Spark's progress uses. */
final class BatchTimer {
    private final Map<String, Long> nanos = new LinkedHashMap<>();

    @FunctionalInterface
    interface Step<T> {
        T run() throws IOException, InterruptedException;
    }

    <T> T time(String name, Step<T> step) throws IOException, InterruptedException {
        long start = System.nanoTime();
        try {
            return step.run();
        } finally {
            add(name, System.nanoTime() - start);
        }
    }

    void add(String name, long elapsedNanos) {
        nanos.merge(name, elapsedNanos, Long::sum);
    }

    /** Every duration of Spark's record, in whole milliseconds; steps that did not run are 0. */
    Map<String, Long> millis() {
        Map<String, Long> result = new LinkedHashMap<>();
        for (String name : new String[] {"addBatch", "getBatch", "latestOffset", "queryPlanning", "triggerExecution",
            "walCommit", "commitOffsets"}) {
            result.put(name, Math.max(0, nanos.getOrDefault(name, 0L)) / 1_000_000);
        }
        return result;
    }
}
