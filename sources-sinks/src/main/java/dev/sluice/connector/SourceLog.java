package dev.sluice.connector;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A source's private, durable log in the query's checkpoint ({@code sources/<i>/<N>}): what a source must
 * remember to replay a batch identically, for example the files a batch read. Entries are published once and
 * never change. Only the driver side of a source has one; on executors, {@link #UNAVAILABLE} stands in.
 */
public interface SourceLog {
    /**
     * Publishes entry {@code id}.
     *
     * @return true if published now, false if the identical entry was already there
     * @throws RuntimeException (a checkpoint conflict) if a different entry is there
     */
    boolean publish(long id, String json) throws IOException;

    Optional<String> get(long id) throws IOException;

    /** The ids present, ascending. */
    List<Long> ids() throws IOException;

    OptionalLong latestId() throws IOException;

    /** Deletes entries below {@code firstToKeep}; a source calls it only once it no longer needs them. */
    void purgeBefore(long firstToKeep) throws IOException;

    /** The log of a source instance that is not on the driver (an executor's reader side). */
    SourceLog UNAVAILABLE = new SourceLog() {
        @Override
        public boolean publish(long id, String json) {
            throw unavailable();
        }

        @Override
        public Optional<String> get(long id) {
            throw unavailable();
        }

        @Override
        public List<Long> ids() {
            throw unavailable();
        }

        @Override
        public OptionalLong latestId() {
            throw unavailable();
        }

        @Override
        public void purgeBefore(long firstToKeep) {
            throw unavailable();
        }

        private IllegalStateException unavailable() {
            return new IllegalStateException("a source's log is only available on the driver;"
                    + " a partition reader must take everything it needs from its InputPartition");
        }
    };
}
