package dev.sluice.connector.blackhole;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.Sink;
import dev.sluice.connector.SinkCommitRequest;
import dev.sluice.connector.SinkWriter;
import dev.sluice.connector.WriterRequest;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Discards rows. Each writer counts its rows and reports them in its commit message, {@code {"rows":N}}; the
 * driver-side sink adds up the committed batches ({@link #committedRows()}), once per (query, batch).
 */
public final class BlackholeSink implements Sink {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Per query id, the last batch counted; guarded by {@code this}. */
    private final Map<String, Long> lastCountedBatch = new HashMap<>();
    private long committedRows;

    @Override
    public SinkWriter createWriter(WriterRequest request) {
        requireNonNull(request, "request is null");
        return new CountingWriter();
    }

    /** Counts the batch's rows, unless this sink has already counted that batch of that query. */
    @Override
    public synchronized void commit(SinkCommitRequest request) {
        requireNonNull(request, "request is null");
        Long last = lastCountedBatch.get(request.queryId());
        if (last != null && request.batchId() <= last) {
            return;
        }
        long rows = 0;
        for (String message : request.commitMessages()) {
            rows += rowsOf(request, message);
        }
        committedRows += rows;
        lastCountedBatch.put(request.queryId(), request.batchId());
    }

    /** The rows of every batch committed through this sink instance (the driver's). */
    public synchronized long committedRows() {
        return committedRows;
    }

    private static long rowsOf(SinkCommitRequest request, String message) {
        try {
            JsonNode rows = MAPPER.readTree(message).get("rows");
            if (rows != null && rows.canConvertToExactIntegral() && rows.asLong() >= 0) {
                return rows.asLong();
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new ConnectorException("blackhole sink, query " + request.queryId() + " batch " + request.batchId()
                + ": cannot read commit message " + message + "; expected {\"rows\":N}");
    }

    /** Counts rows and drops them. */
    static final class CountingWriter implements SinkWriter {
        private long rows;

        @Override
        public void write(VectorSchemaRoot batch) {
            rows += batch.getRowCount();
        }

        @Override
        public String commit() {
            return "{\"rows\":" + rows + "}";
        }

        @Override
        public void abort() {
            rows = 0;
        }
    }
}
