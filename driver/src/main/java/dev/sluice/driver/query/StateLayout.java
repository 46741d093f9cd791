package dev.sluice.driver.query;

import dev.sluice.checkpoint.OffsetEntry;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.state.KeyGroups;
import java.util.Map;
import java.util.Optional;

/**
 * How a stateful query's state is split: its key groups (fixed at the query's first run) and its state partitions
 * (one state task, one RocksDB instance per stateful operator each). Both are logged in every {@code offsets/N}, so
 * a replay and a restart find the state where the earlier run put it.
 *
 * <p>The number of state partitions is chosen at the first run (the cluster's cores, at most the key groups) and
 * kept: a restart with more or fewer executors places the same partitions on the executors it has, each restoring
 * its partition from the checkpoint.
 *
 * @param keyGroups 0 for a stateless query
 * @param partitions 0 for a stateless query
 */
record StateLayout(int keyGroups, int partitions) {
    static final StateLayout NONE = new StateLayout(0, 0);
    /** The settings of {@code offsets/N} that hold the layout. */
    static final String KEY_GROUPS = "sluice.state.key-groups";
    static final String PARTITIONS = "sluice.state.partitions";
    /** The SET key of a script that chooses the key groups at the first run. */
    static final String KEY_GROUPS_SETTING = "state.key-groups";

    /** The layout of a stateful plan: the logged one when the checkpoint has one, else a new one. */
    static StateLayout of(QueryPlan plan, Optional<OffsetEntry> lastEntry, int cores) {
        if (!plan.hasStateStage()) {
            return NONE;
        }
        if (lastEntry.isPresent() && lastEntry.get().settings().containsKey(KEY_GROUPS)) {
            Map<String, String> logged = lastEntry.get().settings();
            return new StateLayout(parse(logged, KEY_GROUPS), parse(logged, PARTITIONS));
        }
        int keyGroups = plan.getSettingsMap().containsKey(KEY_GROUPS_SETTING)
                ? Integer.parseInt(plan.getSettingsMap().get(KEY_GROUPS_SETTING)) : KeyGroups.DEFAULT_KEY_GROUPS;
        return new StateLayout(keyGroups, Math.max(1, Math.min(cores, keyGroups)));
    }

    private static int parse(Map<String, String> settings, String key) {
        String value = settings.get(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the checkpoint's offsets log has setting " + key + " = '" + value
                    + "', which is not a number", e);
        }
    }

    /** The settings to log in {@code offsets/N}. */
    Map<String, String> settings() {
        return this == NONE || keyGroups == 0 ? Map.of() : Map.of(KEY_GROUPS, Integer.toString(keyGroups),
                PARTITIONS, Integer.toString(partitions));
    }
}
