package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

/**
 * Where a query resumes on its checkpoint, as decided by {@link RestartRule}.
 */
public sealed interface RestartPoint permits RestartPoint.FreshStart, RestartPoint.ContinueAfter, RestartPoint.Replay {

    /** The id of the batch the query runs next. */
    long nextBatchId();

    /** The checkpoint holds no batch yet: the query starts with batch 0 from the sources' initial offsets. */
    record FreshStart() implements RestartPoint {
        @Override
        public long nextBatchId() {
            return 0;
        }
    }

    /**
     * Batch N committed: the query continues with batch N+1, whose start offsets are N's end offsets and whose
     * watermark is {@code lastCommit.nextWatermarkMs()}.
     *
     * @param lastCommittedBatchId N
     * @param lastOffsets {@code offsets/N}
     * @param lastCommit {@code commits/N}
     */
    record ContinueAfter(long lastCommittedBatchId, OffsetEntry lastOffsets, CommitEntry lastCommit)
            implements RestartPoint {
        public ContinueAfter {
            requireNonNull(lastOffsets, "lastOffsets is null");
            requireNonNull(lastCommit, "lastCommit is null");
            if (lastOffsets.batchId() != lastCommittedBatchId || lastCommit.batchId() != lastCommittedBatchId) {
                throw new IllegalArgumentException("entries of batches " + lastOffsets.batchId() + " and "
                        + lastCommit.batchId() + " given for continuing after batch " + lastCommittedBatchId);
            }
        }

        @Override
        public long nextBatchId() {
            return lastCommittedBatchId + 1;
        }
    }

    /**
     * Batch N was logged but not committed (the previous run stopped while running it): the query runs N again
     * with exactly the logged offsets, batch timestamp and watermark, on state version N-1.
     *
     * @param batchId N
     * @param offsets {@code offsets/N}
     */
    record Replay(long batchId, OffsetEntry offsets) implements RestartPoint {
        public Replay {
            requireNonNull(offsets, "offsets is null");
            if (offsets.batchId() != batchId) {
                throw new IllegalArgumentException("offsets of batch " + offsets.batchId()
                        + " given for replaying batch " + batchId);
            }
        }

        @Override
        public long nextBatchId() {
            return batchId;
        }
    }
}
