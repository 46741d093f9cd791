package dev.sluice.checkpoint;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * What the checkpoint's {@code metadata} file holds: the query's persistent id, the same for every run of the
 * query on this checkpoint (progress reports call it {@code id}; each run has its own {@code runId}). Sinks key
 * their idempotent commits by (this id, batch id).
 *
 * @param id the persistent query id
 */
public record QueryMetadata(UUID id) {
    public QueryMetadata {
        requireNonNull(id, "id is null");
    }
}
