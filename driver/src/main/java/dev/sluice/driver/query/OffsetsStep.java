package dev.sluice.driver.query;

import dev.sluice.connector.LatestOffsetRequest;
import dev.sluice.connector.Offset;
import dev.sluice.connector.Source;
import java.util.ArrayList;
import java.util.List;

/** Step 1 of a batch: ask each source how far the next batch may read, under its own read limit. */
final class OffsetsStep {
    private OffsetsStep() {}

    /** The next batch's ranges from {@code starts}; every range is empty when nothing is new. */
    static List<SourceRange> latest(QueryRuntime runtime, List<Offset> starts) {
        List<SourceRange> ranges = new ArrayList<>(starts.size());
        for (int index = 0; index < starts.size(); index++) {
            Source source = runtime.sources().get(index);
            Offset start = starts.get(index);
            Offset end = source.latestOffset(new LatestOffsetRequest(start, source.defaultReadLimit()));
            ranges.add(new SourceRange(index, start, end));
        }
        return List.copyOf(ranges);
    }

    static boolean nothingNew(List<SourceRange> ranges) {
        return ranges.stream().allMatch(SourceRange::isEmpty);
    }

    /** Whether every source is bounded and read to its end: the query is complete. */
    static boolean allReachedEnd(QueryRuntime runtime, List<Offset> positions) {
        for (int index = 0; index < positions.size(); index++) {
            Source source = runtime.sources().get(index);
            if (!source.isBounded() || !source.reachedEnd(positions.get(index))) {
                return false;
            }
        }
        return true;
    }
}
