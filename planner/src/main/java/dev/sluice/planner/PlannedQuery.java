package dev.sluice.planner;

import static java.util.Objects.requireNonNull;

import dev.sluice.planner.plan.proto.QueryPlan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A planned INSERT: what executors run, what people read, and what a restart compares.
 *
 * @param plan the physical plan, with {@link QueryPlan#getFingerprint()} and {@link QueryPlan#getDescription()}
 *     filled in
 * @param explain the plan in words: the tables read and written, with their connector options, columns and
 *     watermarks, then Calcite's text of the optimised plan. Store it with the checkpoint, so that a restart with
 *     another fingerprint can say what changed ({@link #changesFrom})
 * @param fingerprint a SHA-256 of the plan without its description (hex): two plans with the same fingerprint
 *     produce the same results from the same input
 */
public record PlannedQuery(QueryPlan plan, String explain, String fingerprint) {
    public PlannedQuery {
        requireNonNull(plan, "plan is null");
        requireNonNull(explain, "explain is null");
        requireNonNull(fingerprint, "fingerprint is null");
        if (!fingerprint.equals(plan.getFingerprint())) {
            throw new IllegalArgumentException("fingerprint " + fingerprint + " is not the plan's "
                    + plan.getFingerprint());
        }
    }

    /**
     * What changed from an earlier plan's {@link #explain} to this one's, for the message that refuses a restart:
     * the lines only the earlier plan has, prefixed with {@code - }, then the lines only this one has, prefixed
     * with {@code + }. Empty when the texts have the same lines.
     */
    public String changesFrom(String previousExplain) {
        requireNonNull(previousExplain, "previousExplain is null");
        List<String> previous = previousExplain.lines().toList();
        List<String> current = explain.lines().toList();
        Set<String> previousLines = new LinkedHashSet<>(previous);
        Set<String> currentLines = new LinkedHashSet<>(current);
        List<String> changes = new ArrayList<>();
        for (String line : previous) {
            if (!currentLines.contains(line)) {
                changes.add("- " + line.strip());
            }
        }
        for (String line : current) {
            if (!previousLines.contains(line)) {
                changes.add("+ " + line.strip());
            }
        }
        return String.join(System.lineSeparator(), changes);
    }
}
