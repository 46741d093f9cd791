package dev.sluice.driver.query;

import dev.sluice.checkpoint.OffsetEntry;
import dev.sluice.planner.PlannedQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A restart must run the plan the checkpoint was written with: offsets, source logs and (later) state only mean
 * something for that plan. The fingerprint in the last {@code offsets/N} decides; the stored plan text says what
 * changed.
 */
final class PlanCheck {
    private PlanCheck() {}

    /**
     * @param lastEntry the latest {@code offsets/N}
     * @param where that file, for the message
     * @throws PlanChangedException when the fingerprints differ
     */
    static void verify(PlannedQuery planned, OffsetEntry lastEntry, String where) {
        String previous = lastEntry.settings().get(WriteAheadStep.PLAN_FINGERPRINT);
        if (previous == null || previous.equals(planned.fingerprint())) {
            return;
        }
        String previousExplain = lastEntry.settings().getOrDefault(WriteAheadStep.PLAN_EXPLAIN, "(not recorded)");
        StringBuilder message = new StringBuilder("the query changed since this checkpoint was written (")
                .append(where).append(" has plan ").append(abbreviate(previous)).append(", this script's plan is ")
                .append(abbreviate(planned.fingerprint()))
                .append("); run it with a new checkpoint, or restore the SQL the checkpoint was written with");
        String currentExplain = planned.explain();
        List<String> removed = difference(previousExplain, currentExplain);
        List<String> added = difference(currentExplain, previousExplain);
        if (!removed.isEmpty() || !added.isEmpty()) {
            message.append("\n  what changed:");
            removed.forEach(line -> message.append("\n    - ").append(line));
            added.forEach(line -> message.append("\n    + ").append(line));
        } else {
            message.append("\n  the plans read the same; their protobuf forms differ");
        }
        message.append("\n  checkpoint's plan:");
        indent(message, previousExplain);
        message.append("\n  this script's plan:");
        indent(message, currentExplain);
        throw new PlanChangedException(message.toString());
    }

    private static List<String> difference(String text, String other) {
        Set<String> otherLines = new LinkedHashSet<>(other.lines().map(String::strip).toList());
        List<String> result = new ArrayList<>();
        for (String line : text.lines().map(String::strip).toList()) {
            if (!otherLines.contains(line)) {
                result.add(line);
            }
        }
        return result;
    }

    private static void indent(StringBuilder message, String text) {
        text.lines().forEach(line -> message.append("\n    ").append(line));
    }

    private static String abbreviate(String fingerprint) {
        return fingerprint.length() > 12 ? fingerprint.substring(0, 12) : fingerprint;
    }
}
