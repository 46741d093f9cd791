package dev.sluice.driver.query;

import dev.sluice.checkpoint.OffsetEntry;
import dev.sluice.checkpoint.SourceOffsets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 2: publish {@code offsets/N} before anything runs, so a crash from here on replays exactly this batch. The
 * entry carries the plan's fingerprint and text among the settings: a restart with another plan is refused.
 */
final class WriteAheadStep {
    /** The setting that holds the plan's fingerprint. */
    static final String PLAN_FINGERPRINT = "sluice.plan.fingerprint";
    /** The setting that holds the plan as text, for the message when the plan changed. */
    static final String PLAN_EXPLAIN = "sluice.plan.explain";

    private WriteAheadStep() {}

    static OffsetEntry publish(QueryRuntime runtime, long batchId, long batchTimestampMs, long watermarkMs,
            List<SourceRange> ranges) throws IOException {
        List<SourceOffsets> sources = new ArrayList<>(ranges.size());
        for (SourceRange range : ranges) {
            sources.add(new SourceOffsets(range.index(), runtime.sourceName(range.index()), range.start().json(),
                    range.end().json()));
        }
        OffsetEntry entry = new OffsetEntry(batchId, batchTimestampMs, watermarkMs, settings(runtime), sources);
        // Publish-once: false means this very entry is there already; another entry throws (another run owns it).
        runtime.checkpoint().offsets().publish(entry);
        return entry;
    }

    static Map<String, String> settings(QueryRuntime runtime) {
        Map<String, String> settings = new HashMap<>(runtime.state().settings(runtime.state().partitions()));
        settings.put(PLAN_FINGERPRINT, runtime.planned().fingerprint());
        settings.put(PLAN_EXPLAIN, runtime.planned().explain());
        return settings;
    }
}
