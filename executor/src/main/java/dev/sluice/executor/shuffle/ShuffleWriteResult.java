package dev.sluice.executor.shuffle;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one map task wrote, per state partition (index = partition): rows, and bytes of its Arrow IPC stream. The
 * driver puts the rows into each state task's {@code ShuffleInput}s (0 means nothing to fetch) and reports both.
 */
public record ShuffleWriteResult(List<Long> rows, List<Long> bytes) {
    public ShuffleWriteResult {
        rows = List.copyOf(requireNonNull(rows, "rows is null"));
        bytes = List.copyOf(requireNonNull(bytes, "bytes is null"));
        if (rows.size() != bytes.size()) {
            throw new IllegalArgumentException("rows has " + rows.size() + " partitions but bytes has "
                    + bytes.size());
        }
    }

    public int partitions() {
        return rows.size();
    }

    public long totalRows() {
        return rows.stream().mapToLong(Long::longValue).sum();
    }

    public long totalBytes() {
        return bytes.stream().mapToLong(Long::longValue).sum();
    }
}
