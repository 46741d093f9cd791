package dev.sluice.checkpoint;

/**
 * The record that batch N is done, {@code commits/<N>}: published after the sink committed the batch. Only then
 * is batch N complete; a restart continues with N+1.
 *
 * <p>More fields can follow in later versions (for example the state version each operator committed); readers
 * skip fields they do not know.
 *
 * @param batchId N
 * @param nextWatermarkMs the event-time watermark batch N+1 runs with (epoch milliseconds): the watermark moves
 *     only between batches, from what batch N saw
 * @param committedAtMs when the batch was committed (epoch milliseconds), for people and progress reports
 */
public record CommitEntry(long batchId, long nextWatermarkMs, long committedAtMs) {
    public CommitEntry {
        if (batchId < 0) {
            throw new IllegalArgumentException("batch id must not be negative: " + batchId);
        }
    }
}
