package dev.sluice.checkpoint;

import java.util.List;
import java.util.Map;

/**
 * Runs two batches on a local checkpoint and prints the restart point; {@link CheckpointTest} runs it in a JVM
 * whose class path has no Hadoop, to show that a local checkpoint never needs it.
 */
public final class LocalCheckpointMain {
    private LocalCheckpointMain() {}

    public static void main(String[] arguments) throws Exception {
        try (Checkpoint checkpoint = Checkpoint.open(arguments[0])) {
            for (long batch = 0; batch < 2; batch++) {
                String start = batch == 0 ? null : "{\"row\":" + batch * 10 + "}";
                checkpoint.offsets().publish(new OffsetEntry(batch, 1000 + batch, 0, Map.of(),
                        List.of(new SourceOffsets(0, "numbers", start, "{\"row\":" + (batch + 1) * 10 + "}"))));
                checkpoint.commits().publish(new CommitEntry(batch, 0, 2000 + batch));
            }
        }
        try (Checkpoint checkpoint = Checkpoint.open(arguments[0])) {
            System.out.println("next batch " + checkpoint.restartPoint().nextBatchId());
        }
        System.out.println("hadoop on the class path: " + isPresent("org.apache.hadoop.fs.FileSystem"));
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, LocalCheckpointMain.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }
}
