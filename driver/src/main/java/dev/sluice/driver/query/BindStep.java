package dev.sluice.driver.query;

import dev.sluice.connector.InputPartition;
import dev.sluice.connector.PlanPartitionsRequest;
import dev.sluice.driver.cluster.ExecutorHandle;
import dev.sluice.executor.rpc.proto.RunTaskRequest;
import dev.sluice.executor.rpc.proto.ShuffleInput;
import dev.sluice.executor.rpc.proto.TaskKind;
import dev.sluice.planner.plan.proto.Pipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 3: bind the plan (planned once at start) to the batch's ranges: split each source's range into partitions
 * and make one task per (pipeline, partition), numbered across the batch. Deterministic, so a replay makes the
 * same tasks.
 */
final class BindStep {
    private BindStep() {}

    /**
     * The batch's tasks.
     *
     * @param partitionNanos receives the time spent in the sources' partition planning (progress: getBatch)
     */
    static List<RunTaskRequest> bind(QueryRuntime runtime, long batchId, List<SourceRange> ranges,
            long watermarkMs, int statePartitions, long[] partitionNanos) {
        long began = System.nanoTime();
        List<List<InputPartition>> partitionsBySource = new ArrayList<>(ranges.size());
        for (SourceRange range : ranges) {
            partitionsBySource.add(range.isEmpty() ? List.of() : runtime.sources().get(range.index())
                    .planInputPartitions(new PlanPartitionsRequest(range.start(), range.end(), batchId,
                            runtime.parallelism())));
        }
        partitionNanos[0] = System.nanoTime() - began;
        List<RunTaskRequest> tasks = new ArrayList<>();
        List<Pipeline> pipelines = runtime.planned().plan().getPipelinesList();
        for (int pipelineIndex = 0; pipelineIndex < pipelines.size(); pipelineIndex++) {
            for (InputPartition partition : partitionsBySource.get(pipelines.get(pipelineIndex).getSourceIndex())) {
                tasks.add(RunTaskRequest.newBuilder()
                        .setQueryId(runtime.queryId())
                        .setBatchId(batchId)
                        .setPipelineIndex(pipelineIndex)
                        .setTaskIndex(tasks.size())
                        .setInputPartitionJson(partition.json())
                        .setKind(TaskKind.SCAN)
                        .setWatermarkMs(watermarkMs)
                        .setKeyGroups(runtime.state().keyGroups())
                        .setStatePartitions(statePartitions)
                        .build());
            }
        }
        return List.copyOf(tasks);
    }

    /**
     * The state stage's tasks, one per state partition, sent together with the scan tasks: each lists, in
     * scan-task order, every scan task's output for its partition and the executor that scan task is sent to, as
     * pending (its rows are not known yet). A partition no scan task writes to still runs: its windows may be due
     * by the watermark, which is what a no-data batch is for.
     *
     * @param scanPlacement the executor each scan task is sent to, in scan-task order
     */
    static List<RunTaskRequest> stateTasks(QueryRuntime runtime, long batchId, long watermarkMs,
            int partitions, int previousPartitions, List<RunTaskRequest> scanTasks,
            List<ExecutorHandle> scanPlacement) {
        List<ShuffleInput> inputs = new ArrayList<>(scanTasks.size());
        for (int scan = 0; scan < scanTasks.size(); scan++) {
            ExecutorHandle executor = scanPlacement.get(scan);
            inputs.add(ShuffleInput.newBuilder()
                    .setExecutorId(executor.id())
                    .setExecutorTarget(executor.target())
                    .setMapTaskIndex(scanTasks.get(scan).getTaskIndex())
                    .setPending(true)
                    .build());
        }
        List<RunTaskRequest> tasks = new ArrayList<>(partitions);
        for (int partition = 0; partition < partitions; partition++) {
            tasks.add(RunTaskRequest.newBuilder()
                    .setQueryId(runtime.queryId())
                    .setBatchId(batchId)
                    .setTaskIndex(partition)
                    .setKind(TaskKind.STATE)
                    .setWatermarkMs(watermarkMs)
                    .setKeyGroups(runtime.state().keyGroups())
                    .setStatePartitions(partitions)
                    .setStatePartition(partition)
                    .setPreviousStatePartitions(previousPartitions)
                    .setInputsPending(true)
                    .addAllShuffleInputs(inputs)
                    .build());
        }
        return List.copyOf(tasks);
    }

    /** Where each state task runs: partition p stays on executor p mod E, where its RocksDB instance is open. */
    static List<ExecutorHandle> statePlacement(QueryRuntime runtime, List<RunTaskRequest> stateTasks) {
        List<ExecutorHandle> executors = runtime.scheduler().executors();
        List<ExecutorHandle> placement = new ArrayList<>(stateTasks.size());
        for (RunTaskRequest task : stateTasks) {
            placement.add(executors.get(task.getStatePartition() % executors.size()));
        }
        return placement;
    }
}
