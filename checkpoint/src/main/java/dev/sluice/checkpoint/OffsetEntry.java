package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The write-ahead record of batch N, {@code offsets/<N>}: what the batch reads and under which conditions. A replay
 * of batch N uses exactly this entry, so that it reads the same input with the same watermark and produces the
 * same result.
 *
 * @param batchId N
 * @param batchTimestampMs the batch's processing time (epoch milliseconds); a replay uses it again, so that
 *     processing-time functions and timeouts give the same result
 * @param watermarkMs the event-time watermark the batch runs with (epoch milliseconds)
 * @param settings the query's settings that must not change across restarts (for example the number of state
 *     partitions); sorted by key
 * @param sources one range per source, in source index order
 */
public record OffsetEntry(
        long batchId, long batchTimestampMs, long watermarkMs, Map<String, String> settings,
        List<SourceOffsets> sources) {
    public OffsetEntry {
        if (batchId < 0) {
            throw new IllegalArgumentException("batch id must not be negative: " + batchId);
        }
        requireNonNull(settings, "settings is null");
        // A sorted copy: the file lists settings in key order, so equal entries always encode to equal bytes.
        SortedMap<String, String> sortedSettings = new TreeMap<>();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            sortedSettings.put(requireNonNull(setting.getKey(), "setting name is null"),
                    requireNonNull(setting.getValue(), () -> "value of setting " + setting.getKey() + " is null"));
        }
        settings = Collections.unmodifiableSortedMap(sortedSettings);
        sources = List.copyOf(requireNonNull(sources, "sources is null"));
        Set<Integer> indexes = new HashSet<>();
        for (SourceOffsets source : sources) {
            if (!indexes.add(source.index())) {
                throw new IllegalArgumentException("batch " + batchId + " lists source " + source.index()
                        + " more than once");
            }
        }
    }

    /** The range of the source with {@code index}, if this batch lists it. */
    public Optional<SourceOffsets> source(int index) {
        for (SourceOffsets source : sources) {
            if (source.index() == index) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }
}
