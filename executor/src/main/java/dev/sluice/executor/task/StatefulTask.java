package dev.sluice.executor.task;

import static java.util.Objects.requireNonNull;

import dev.sluice.executor.rpc.proto.ShuffleInput;
import dev.sluice.executor.rpc.proto.TaskKind;
import java.util.List;

/**
 * What a task of a stateful query needs besides a stateless task's fields.
 *
 * @param kind SCAN (read a partition, write the shuffle) or STATE (read the shuffle, update the state, write the sink)
 * @param keyGroups the query's key groups, fixed at its first run
 * @param statePartitions the state partitions of the batch
 * @param statePartition STATE: the partition this task runs; SCAN: ignored
 * @param shuffleInputs STATE: the scan outputs for the partition, in map-task order
 * @param previousStatePartitions STATE: the state partitions of batch N-1, 0 when there is none
 */
public record StatefulTask(TaskKind kind, int keyGroups, int statePartitions, int statePartition,
        List<ShuffleInput> shuffleInputs, int previousStatePartitions) {
    public StatefulTask {
        requireNonNull(kind, "kind is null");
        shuffleInputs = List.copyOf(requireNonNull(shuffleInputs, "shuffleInputs is null"));
        if (keyGroups < 1) {
            throw new IllegalArgumentException("keyGroups must be positive: " + keyGroups);
        }
        if (statePartitions < 1 || statePartitions > keyGroups) {
            throw new IllegalArgumentException("statePartitions must be in [1, " + keyGroups + "]: "
                    + statePartitions);
        }
        if (kind == TaskKind.STATE && (statePartition < 0 || statePartition >= statePartitions)) {
            throw new IllegalArgumentException("state partition " + statePartition + " is outside [0, "
                    + statePartitions + ")");
        }
    }
}
