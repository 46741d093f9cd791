package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Decides where a query resumes, from the last batch N in {@code offsets/} and the last batch in {@code commits/}.
 *
 * <p>The batch protocol publishes {@code offsets/N}, runs the batch, then publishes {@code commits/N}, and starts
 * N+1 only after that. So a checkpoint left by any crash has one of three shapes:
 *
 * <ul>
 *   <li>both logs empty: {@link RestartPoint.FreshStart};</li>
 *   <li>last offsets N = last commit N: {@link RestartPoint.ContinueAfter} N, the next batch is N+1;</li>
 *   <li>last offsets N, last commit N-1 (or no commit at all when N is batch 0): {@link RestartPoint.Replay} N
 *       with exactly the logged offsets.</li>
 * </ul>
 *
 * <p>Anything else (commits ahead of offsets, offsets ahead by more than one, commits without offsets, a gap in
 * either log) cannot come from a crash: files were deleted, or copied in from another checkpoint. Guessing would
 * lose or duplicate data, so the rule refuses with a {@link CheckpointException} that names the files.
 */
public final class RestartRule {
    private RestartRule() {}

    /** Lists both logs (once) and decides; reads and checks the entries the decision rests on. */
    public static RestartPoint decide(OffsetLog offsets, CommitLog commits) throws IOException {
        requireNonNull(offsets, "offsets is null");
        requireNonNull(commits, "commits is null");
        List<Long> offsetIds = offsets.batchIds();
        List<Long> commitIds = commits.batchIds();
        checkNoGap(OffsetLog.DIRECTORY, offsetIds, offsets::describe);
        checkNoGap(CommitLog.DIRECTORY, commitIds, commits::describe);

        if (offsetIds.isEmpty()) {
            if (commitIds.isEmpty()) {
                return new RestartPoint.FreshStart();
            }
            long lastCommit = last(commitIds);
            throw refuse(commits.describe(lastCommit) + " exists but the offset log holds no batch ("
                    + offsets.describe(lastCommit) + " is missing): a batch is committed only after its offsets"
                    + " were logged, so the offset log was deleted or this commit log belongs to another"
                    + " checkpoint.");
        }
        long lastOffsets = last(offsetIds);
        if (commitIds.isEmpty()) {
            if (lastOffsets == 0) {
                return new RestartPoint.Replay(0, read(offsets.get(0), offsets.describe(0)));
            }
            throw refuse(offsets.describe(lastOffsets) + " is the latest offsets file but no batch is committed ("
                    + commits.describe(lastOffsets - 1) + " is missing): batch " + lastOffsets + " can be logged"
                    + " only after batch " + (lastOffsets - 1) + " committed, so commit files were deleted.");
        }
        long lastCommit = last(commitIds);
        if (lastOffsets == lastCommit) {
            return new RestartPoint.ContinueAfter(lastCommit,
                    read(offsets.get(lastOffsets), offsets.describe(lastOffsets)),
                    read(commits.get(lastCommit), commits.describe(lastCommit)));
        }
        if (lastOffsets == lastCommit + 1) {
            // Read the previous commit too: a replay relies on batch N-1 being committed, so its file must be sound.
            read(commits.get(lastCommit), commits.describe(lastCommit));
            return new RestartPoint.Replay(lastOffsets, read(offsets.get(lastOffsets), offsets.describe(lastOffsets)));
        }
        if (lastCommit > lastOffsets) {
            throw refuse("the commit log is ahead of the offset log: " + commits.describe(lastCommit)
                    + " exists but the latest offsets file is " + offsets.describe(lastOffsets) + " ("
                    + offsets.describe(lastOffsets + 1) + " is missing). A batch is committed only after its"
                    + " offsets were logged, so offsets files were deleted or commit files were copied in.");
        }
        throw refuse("the offset log is more than one batch ahead of the commit log: the latest offsets file is "
                + offsets.describe(lastOffsets) + " but the latest commit file is " + commits.describe(lastCommit)
                + " (" + commits.describe(lastCommit + 1) + " is missing). Batch N is logged only after batch N-1"
                + " committed, so commit files were deleted or offsets files were copied in.");
    }

    private static void checkNoGap(String log, List<Long> ids, LongFunction<String> describe) {
        for (int i = 1; i < ids.size(); i++) {
            long previous = ids.get(i - 1);
            long next = ids.get(i);
            if (next != previous + 1) {
                String missing = next == previous + 2
                        ? describe.apply(previous + 1) + " is missing"
                        : "batches " + (previous + 1) + " to " + (next - 1) + " are missing";
                throw refuse("the " + log + " log has a gap: " + describe.apply(previous) + " is followed by "
                        + describe.apply(next) + " (" + missing + "). Entries are only ever deleted oldest first,"
                        + " so files in the middle were deleted.");
            }
        }
    }

    private static <T> T read(Optional<T> entry, String file) {
        return entry.orElseThrow(() -> new CheckpointException(file
                + ": was listed a moment ago and is gone now; is another run or tool deleting checkpoint files?"));
    }

    private static long last(List<Long> ids) {
        return ids.get(ids.size() - 1);
    }

    private static CheckpointException refuse(String problem) {
        return new CheckpointException("cannot restart the query from its checkpoint: " + problem
                + " To keep the query's progress, put the missing files back (for example from a backup) or remove"
                + " the stray ones; to start the query over, use a new checkpoint location.");
    }
}
