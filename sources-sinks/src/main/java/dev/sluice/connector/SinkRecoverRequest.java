package dev.sluice.connector;

import static java.util.Objects.requireNonNull;

/**
 * @param queryId the persistent id of the query
 * @param lastCommittedBatchId the last batch the query's commit log holds, or -1 if none
 */
public record SinkRecoverRequest(String queryId, long lastCommittedBatchId) {
    public SinkRecoverRequest {
        requireNonNull(queryId, "queryId is null");
        if (lastCommittedBatchId < -1) {
            throw new IllegalArgumentException("lastCommittedBatchId must be -1 or a batch id: " + lastCommittedBatchId);
        }
    }
}
