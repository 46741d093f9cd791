package dev.sluice.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * @param queryId the persistent id of the query
 * @param batchId the batch to commit
 * @param commitMessages what each task's {@link SinkWriter#commit()} returned, in partition order
 */
public record SinkCommitRequest(String queryId, long batchId, List<String> commitMessages) {
    public SinkCommitRequest {
        requireNonNull(queryId, "queryId is null");
        commitMessages = List.copyOf(requireNonNull(commitMessages, "commitMessages is null"));
        if (batchId < 0) {
            throw new IllegalArgumentException("batchId must not be negative: " + batchId);
        }
    }
}
