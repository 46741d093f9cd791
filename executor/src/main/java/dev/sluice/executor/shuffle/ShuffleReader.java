package dev.sluice.executor.shuffle;

import static java.util.Objects.requireNonNull;

import dev.sluice.executor.rpc.proto.ExecutorServiceGrpc;
import dev.sluice.executor.rpc.proto.FetchShuffleRequest;
import dev.sluice.executor.rpc.proto.ShuffleChunk;
import dev.sluice.executor.rpc.proto.ShuffleInput;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The input side of one state task: the rows the scan tasks wrote for one state partition, as Arrow batches, in
 * map-task order (the order of the given inputs), each input's batches in the order written. So a replayed task
 * sees the same rows in the same order and adds them up the same way.
 *
 * <p>An input on this executor (its target equals {@code ownTarget}) is read from the {@link ShuffleStore}
 * directly; any other is fetched with {@code FetchShuffle} through {@link ShuffleChannels}, one message at a time
 * (gRPC's blocking stream asks for the next chunk only when the previous one was taken), into an
 * {@code ArrowStreamReader}. Inputs with no rows are skipped. A pending input (its map task had not finished when
 * the state task was sent) is read whatever it holds: a remote one is fetched with {@code wait_for_output}, so the
 * serving executor answers once the map task has registered it; a local one must be registered before the reader
 * gets to it (the executor queues the state task only then). While one remote input is read, the call for the next
 * remote input is already started, so its first bytes arrive meanwhile; that call holds at most one flow-control
 * window, so memory stays bounded by two inputs' windows plus the batch being read.
 *
 * <p>Errors (an executor that cannot be reached, a missing output, a stream that breaks off or holds other rows
 * than the scan task reported) are {@link ShuffleException}s naming the executor, batch, map task and partition.
 * Used by one task thread.
 */
public final class ShuffleReader implements AutoCloseable {
    private final String queryId;
    private final long batchId;
    private final int statePartition;
    private final List<ShuffleInput> inputs;
    private final String ownTarget;
    private final ShuffleStore store;
    private final BufferAllocator allocator;
    private final ShuffleChannels channels;
    private int nextInput;
    private OpenInput current;
    private OpenInput prefetched;
    private Schema schema;
    private long rowsRead;
    private long bytesRead;
    private boolean closed;

    /**
     * Reads {@code inputs} (in map-task order) of state partition {@code statePartition}; {@code ownTarget} is
     * this executor's target, whose inputs come from {@code store}; {@code allocator} holds the batches.
     */
    public ShuffleReader(String queryId, long batchId, int statePartition, List<ShuffleInput> inputs,
            String ownTarget, ShuffleStore store, BufferAllocator allocator, ShuffleChannels channels) {
        this.queryId = requireNonNull(queryId, "queryId is null");
        if (statePartition < 0) {
            throw new IllegalArgumentException("statePartition must not be negative: " + statePartition);
        }
        this.batchId = batchId;
        this.statePartition = statePartition;
        this.ownTarget = requireNonNull(ownTarget, "ownTarget is null");
        this.store = requireNonNull(store, "store is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.channels = requireNonNull(channels, "channels is null");
        List<ShuffleInput> withRows = new ArrayList<>();
        int previousMapTask = -1;
        for (ShuffleInput input : requireNonNull(inputs, "inputs is null")) {
            if (input.getMapTaskIndex() <= previousMapTask) {
                throw new IllegalArgumentException("the shuffle inputs of batch " + batchId + ", partition "
                        + statePartition + " are not in map-task order: map task " + input.getMapTaskIndex()
                        + " follows map task " + previousMapTask);
            }
            previousMapTask = input.getMapTaskIndex();
            if (input.getRows() > 0 || input.getPending()) {
                withRows.add(input);
            }
        }
        this.inputs = List.copyOf(withRows);
    }

    /**
     * The next batch with rows, or null when every input is read. The batch belongs to the reader and stays valid
     * until the next call or {@link #close()}; transfer its vectors to keep them longer.
     */
    public VectorSchemaRoot next() {
        if (closed) {
            throw new IllegalStateException("the shuffle reader of batch " + batchId + ", partition "
                    + statePartition + " is closed");
        }
        while (true) {
            if (current == null) {
                if (nextInput == inputs.size()) {
                    return null;
                }
                current = prefetched != null ? prefetched : open(inputs.get(nextInput));
                prefetched = null;
                nextInput++;
                prefetch();
            }
            VectorSchemaRoot batch = current.nextBatch();
            if (batch == null) {
                OpenInput finished = current;
                current = null;
                bytesRead += finished.bytesRead();
                finished.close();
                continue;
            }
            checkSchema(current, batch.getSchema());
            if (batch.getRowCount() > 0) {
                rowsRead += batch.getRowCount();
                return batch;
            }
        }
    }

    /** Every input must have the first one's schema: they are the same scan stage's output. */
    private void checkSchema(OpenInput input, Schema actual) {
        if (schema == null) {
            schema = actual;
        } else if (!schema.equals(actual)) {
            throw input.broken("its schema " + actual + " differs from the earlier inputs' " + schema, null);
        }
    }

    /** Starts the call of the next remote input, so its first bytes arrive while the current one is read. */
    private void prefetch() {
        if (nextInput < inputs.size() && !isOwn(inputs.get(nextInput))) {
            prefetched = open(inputs.get(nextInput));
        }
    }

    private boolean isOwn(ShuffleInput input) {
        return input.getExecutorTarget().equals(ownTarget);
    }

    private OpenInput open(ShuffleInput input) {
        MapOutputId id = new MapOutputId(queryId, batchId, input.getMapTaskIndex(), statePartition);
        return isOwn(input) ? OpenInput.local(id, input, store, allocator)
                : OpenInput.remote(id, input, channels, allocator);
    }

    /** The rows returned so far. */
    public long rowsRead() {
        return rowsRead;
    }

    /** Stream bytes of the inputs read to their end so far. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Frees the current batch and cancels fetches still running. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (current != null) {
                current.close();
            }
        } finally {
            if (prefetched != null) {
                prefetched.close();
            }
        }
    }

    /** One input being read: its chunks as a channel, its Arrow stream reader, and for a fetch the call. */
    private static final class OpenInput implements AutoCloseable {
        private final MapOutputId id;
        private final ShuffleInput input;
        private final String source;
        private final ChunkChannel channel;
        private final AutoCloseable stopper;
        private final ArrowStreamReader reader;
        private long rows;

        private OpenInput(MapOutputId id, ShuffleInput input, String source, ChunkChannel channel,
                AutoCloseable stopper, BufferAllocator allocator) {
            this.id = id;
            this.input = input;
            this.source = source;
            this.channel = channel;
            this.stopper = stopper;
            this.reader = new ArrowStreamReader(channel, allocator);
        }

        static OpenInput local(MapOutputId id, ShuffleInput input, ShuffleStore store, BufferAllocator allocator) {
            String source = "this executor (" + input.getExecutorTarget() + ")";
            ChunkCursor cursor;
            try {
                cursor = store.find(id).open();
            } catch (ShuffleOutputNotFoundException e) {
                throw new ShuffleException("cannot read the shuffle input of " + id.describe() + " from "
                        + source + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new ShuffleException("cannot read the shuffle input of " + id.describe() + " from "
                        + source + ": " + e.getMessage(), e);
            }
            ChunkChannel channel = new ChunkChannel(() -> cursor.next(ShuffleService.CHUNK_BYTES));
            return new OpenInput(id, input, source, channel, cursor, allocator);
        }

        static OpenInput remote(MapOutputId id, ShuffleInput input, ShuffleChannels channels,
                BufferAllocator allocator) {
            String target = input.getExecutorTarget();
            String source = "executor " + target;
            FetchShuffleRequest request = FetchShuffleRequest.newBuilder()
                    .setQueryId(id.queryId())
                    .setBatchId(id.batchId())
                    .setMapTaskIndex(id.mapTaskIndex())
                    .setStatePartition(id.partition())
                    .setWaitForOutput(input.getPending())
                    .build();
            // The call runs in its own cancellable context, so closing the reader early ends it on both sides.
            Context.CancellableContext context = Context.current().withCancellation();
            Iterator<ShuffleChunk> chunks;
            Context previous = context.attach();
            try {
                chunks = ExecutorServiceGrpc.newBlockingStub(channels.channel(target)).fetchShuffle(request);
            } catch (RuntimeException e) {
                context.cancel(e);
                throw new ShuffleException("cannot fetch the shuffle input of " + id.describe() + " from "
                        + source + ": " + e.getMessage(), e);
            } finally {
                context.detach(previous);
            }
            ChunkChannel channel = new ChunkChannel(() -> chunks.hasNext() ? chunks.next().getData() : null);
            return new OpenInput(id, input, source, channel, () -> context.cancel(null), allocator);
        }

        /** The next batch of this input, or null after its last (checked against the rows the writer reported). */
        VectorSchemaRoot nextBatch() {
            try {
                if (input.getPending() && rows == 0 && channel.isEmptyStream()) {
                    return null; // a map output without rows for this partition is stored as no bytes at all
                }
                if (!reader.loadNextBatch()) {
                    long left = channel.skipToEnd();
                    if (left > 0) {
                        throw broken(left + " bytes follow the end of its Arrow stream", null);
                    }
                    if (!input.getPending() && rows != input.getRows()) {
                        throw broken("it holds " + rows + " rows, but the scan task wrote " + input.getRows(), null);
                    }
                    return null;
                }
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                rows += batch.getRowCount();
                return batch;
            } catch (StatusRuntimeException e) {
                Status status = e.getStatus();
                Metadata trailers = e.getTrailers();
                if (trailers != null && "true".equals(trailers.get(ShuffleService.INPUT_FAILED))) {
                    throw new MapTaskFailedException("cannot read the shuffle input of " + id.describe() + " from "
                            + source + ": " + status.getDescription(), e);
                }
                // a refused connection says "io exception" and keeps the reason in the cause
                String detail = status.getDescription() + (status.getCause() == null ? ""
                        : ": " + status.getCause().getMessage());
                String reason = status.getCode() == Status.Code.UNAVAILABLE
                        ? "the executor cannot be reached (" + detail + ")"
                        : status.getCode() + ": " + status.getDescription();
                throw broken(reason, e);
            } catch (IOException | RuntimeException e) {
                if (e instanceof ShuffleException shuffle) {
                    throw shuffle;
                }
                throw broken("its Arrow stream is torn after " + channel.bytesRead() + " bytes (" + e + ")", e);
            }
        }

        long bytesRead() {
            return channel.bytesRead();
        }

        private ShuffleException broken(String reason, Throwable cause) {
            return new ShuffleException("cannot read the shuffle input of " + id.describe() + " from " + source
                    + ": " + reason, cause);
        }

        @Override
        public void close() {
            try {
                stopper.close();
            } catch (Exception e) {
                // a cursor over a read-only file or a call being cancelled: nothing is lost
            }
            try {
                reader.close();
            } catch (IOException e) {
                throw new ShuffleException("cannot close the shuffle input of " + id.describe() + " from "
                        + source + ": " + e.getMessage(), e);
            }
        }
    }
}
