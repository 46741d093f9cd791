package dev.sluice.connector.print;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.Sink;
import dev.sluice.connector.SinkCommitRequest;
import dev.sluice.connector.SinkWriter;
import dev.sluice.connector.WriterRequest;
import java.io.PrintStream;

/**
 * Prints rows as the writers receive them. Nothing is staged, so {@link #commit} has nothing to do and the sink
 * is at-least-once: a batch replayed after a failure prints again.
 */
final class PrintSink implements Sink {
    private final PrintStream out;
    /** Put before every row, {@code "<identifier>> "}; empty without the option. */
    private final String linePrefix;

    /** Tests pass their own stream; the factory passes standard output (or error). */
    PrintSink(PrintStream out, String identifier) {
        this.out = requireNonNull(out, "out is null");
        this.linePrefix = identifier == null ? "" : identifier + "> ";
    }

    @Override
    public SinkWriter createWriter(WriterRequest request) {
        requireNonNull(request, "request is null");
        return new PrintSinkWriter(out, linePrefix);
    }

    @Override
    public void commit(SinkCommitRequest request) {
        requireNonNull(request, "request is null");
        // The rows were printed when they were written: there is nothing to make visible.
    }
}
