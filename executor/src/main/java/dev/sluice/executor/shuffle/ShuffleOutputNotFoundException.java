package dev.sluice.executor.shuffle;

import static java.util.Objects.requireNonNull;

/** The store holds no output for a map task (never written on this executor, released, or the executor restarted). */
public final class ShuffleOutputNotFoundException extends ShuffleException {
    private final MapOutputId id;

    public ShuffleOutputNotFoundException(MapOutputId id, String executorId) {
        super("no shuffle output for " + requireNonNull(id, "id is null").describe() + " on executor "
                + requireNonNull(executorId, "executorId is null")
                + " (never written there, already released, or the executor restarted)");
        this.id = id;
    }

    public MapOutputId id() {
        return id;
    }
}
