package dev.sluice.driver.query;

import dev.sluice.connector.InputPartition;
import dev.sluice.connector.PlanPartitionsRequest;
import dev.sluice.executor.rpc.proto.RunTaskRequest;
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
            long[] partitionNanos) {
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
                        .build());
            }
        }
        return List.copyOf(tasks);
    }
}
