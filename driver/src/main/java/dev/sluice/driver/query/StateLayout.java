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
 * <p>The key groups never change. The number of state partitions is chosen by each run (the cluster's cores, at
 * most the key groups): a run on a cluster of another size uses another number, and the first batch it runs
 * builds each new partition from the key groups it owns in the previous partitions' state (the executor's
 * {@code StateStores.partition}); a replay uses the number its {@code offsets/N} logged.
 *
 * @param keyGroups 0 for a stateless query
 * @param partitions this run's state partitions for new batches; 0 for a stateless query
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
        int keyGroups;
        if (lastEntry.isPresent() && lastEntry.get().settings().containsKey(KEY_GROUPS)) {
            keyGroups = parse(lastEntry.get().settings(), KEY_GROUPS);
        } else {
            keyGroups = plan.getSettingsMap().containsKey(KEY_GROUPS_SETTING)
                    ? Integer.parseInt(plan.getSettingsMap().get(KEY_GROUPS_SETTING)) : KeyGroups.DEFAULT_KEY_GROUPS;
        }
        return new StateLayout(keyGroups, Math.max(1, Math.min(cores, keyGroups)));
    }

    /** The state partitions {@code entry} (an {@code offsets/N}) logged; 0 when it logged none. */
    static int partitionsOf(OffsetEntry entry) {
        return entry.settings().containsKey(PARTITIONS) ? parse(entry.settings(), PARTITIONS) : 0;
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

    /** The settings to log in {@code offsets/N} of a batch run with {@code batchPartitions}. */
    Map<String, String> settings(int batchPartitions) {
        return this == NONE || keyGroups == 0 ? Map.of() : Map.of(KEY_GROUPS, Integer.toString(keyGroups),
                PARTITIONS, Integer.toString(batchPartitions));
    }
}
