package dev.sluice.driver.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The peer's summary statistics, computed the same way so the figures compare one to one. */
final class Statistics {
    private Statistics() {}

    /** {@code n, min, median, p95 (nearest rank), max, mean (one decimal)}; only {@code n} when empty. */
    static Map<String, Object> of(List<Long> values) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("n", values.size());
        if (values.isEmpty()) {
            return summary;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        summary.put("min", sorted.get(0));
        summary.put("median", median(sorted));
        summary.put("p95", sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1));
        summary.put("max", sorted.get(sorted.size() - 1));
        summary.put("mean", Math.round(sorted.stream().mapToLong(Long::longValue).average().orElse(0) * 10) / 10.0);
        return summary;
    }

    /** The median; -1 for no values (the peer's convention). */
    static double median(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int size = sorted.size();
        return size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2.0;
    }

    /** Rows per second, one decimal; -1 when no time passed. */
    static double rate(long rows, long millis) {
        return millis <= 0 ? -1 : Math.round(rows * 1000.0 / millis * 10) / 10.0;
    }
}
