package dev.sluice.driver.query;

import dev.sluice.checkpoint.CommitEntry;
import java.io.IOException;
import java.util.List;

/**
 * Step 6: publish {@code commits/N}; only now is batch N done. Then the sources may forget what they kept for
 * it, and old checkpoint entries beyond the retention are purged.
 */
final class CommitStep {
    private CommitStep() {}

    static void commit(QueryRuntime runtime, long batchId, long nextWatermarkMs, List<SourceRange> ranges)
            throws IOException {
        runtime.checkpoint().commits().publish(new CommitEntry(batchId, nextWatermarkMs, System.currentTimeMillis()));
        for (SourceRange range : ranges) {
            runtime.sources().get(range.index()).commit(range.end());
        }
        runtime.checkpoint().purge();
        if (runtime.stateful()) {
            runtime.scheduler().releaseShuffle(runtime.queryId(), batchId);
        }
    }
}
