package dev.sluice.executor.server;

import dev.sluice.checkpoint.Checkpoint;
import dev.sluice.connector.Connectors;
import dev.sluice.connector.InputPartition;
import dev.sluice.connector.LatestOffsetRequest;
import dev.sluice.connector.Offset;
import dev.sluice.connector.PlanPartitionsRequest;
import dev.sluice.connector.Source;
import dev.sluice.connector.TableContext;
import dev.sluice.connector.log.CheckpointSourceLog;
import dev.sluice.executor.task.TableSchemas;
import dev.sluice.planner.plan.proto.TableDefinition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The input partitions of a source's first batch, as a driver-side source instance plans them, for task tests. */
final class FirstBatchPartitions {
    private FirstBatchPartitions() {
    }

    /** Plans {@code table}'s first batch into {@code parallelism} partitions, its source log in {@code checkpoint}. */
    static List<String> of(TableDefinition table, int parallelism, Path checkpoint) throws IOException {
        try (Checkpoint opened = Checkpoint.open(checkpoint.toString());
                Source source = Connectors.discover().createSource(new TableContext(table.getName(),
                        TableSchemas.schemaOf(table), table.getOptionsMap(),
                        new CheckpointSourceLog(opened.store(), 0)))) {
            source.prepareForAvailableNow();
            Offset start = source.initialOffset();
            Offset end = source.latestOffset(new LatestOffsetRequest(start, source.defaultReadLimit()));
            List<String> partitions = new ArrayList<>();
            for (InputPartition partition : source.planInputPartitions(
                    new PlanPartitionsRequest(start, end, 0, parallelism))) {
                partitions.add(partition.json());
            }
            return partitions;
        }
    }
}
