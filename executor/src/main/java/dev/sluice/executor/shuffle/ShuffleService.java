package dev.sluice.executor.shuffle;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.sluice.executor.rpc.proto.FetchShuffleRequest;
import dev.sluice.executor.rpc.proto.ReleaseShuffleRequest;
import dev.sluice.executor.rpc.proto.ReleaseShuffleResponse;
import dev.sluice.executor.rpc.proto.ShuffleChunk;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An executor's shuffle: its {@link ShuffleStore}, the channels its readers fetch through, and the server side of
 * {@code FetchShuffle} and {@code ReleaseShuffle}.
 *
 * <p>A fetch sends the stored stream in chunks of {@value #CHUNK_BYTES} bytes, each only when the call is ready
 * ({@code isReady()}, resumed by the on-ready handler): a reader that does not read stops the sending after the
 * flow-control window is full, so the server never holds more than about one chunk for it. Reading a spill file
 * happens on gRPC's callback thread, one chunk at a time.
 */
public final class ShuffleService implements AutoCloseable {
    public static final int CHUNK_BYTES = 256 * 1024;
    /** The trailer that names the executor a call failed on (the same key the executor's other calls use). */
    static final Metadata.Key<String> EXECUTOR_ID =
            Metadata.Key.of("sluice-executor-id", Metadata.ASCII_STRING_MARSHALLER);

    private final String executorId;
    private final ShuffleStore store;
    private final ShuffleChannels channels;
    private final int chunkBytes;

    public ShuffleService(String executorId, ShuffleStore store, ShuffleChannels channels, int chunkBytes) {
        this.executorId = requireNonNull(executorId, "executorId is null");
        this.store = requireNonNull(store, "store is null");
        this.channels = requireNonNull(channels, "channels is null");
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be positive: " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
    }

    /**
     * The shuffle of executor {@code executorId}: a store with the default memory budget that spills under
     * {@code localDirectory}, and {@value #CHUNK_BYTES}-byte chunks.
     */
    public static ShuffleService create(String executorId, Path localDirectory) {
        return new ShuffleService(executorId, new ShuffleStore(executorId, localDirectory,
                ShuffleStore.DEFAULT_MEMORY_BUDGET_BYTES), new ShuffleChannels(), CHUNK_BYTES);
    }

    public String executorId() {
        return executorId;
    }

    public ShuffleStore store() {
        return store;
    }

    public ShuffleChannels channels() {
        return channels;
    }

    /** Streams one stored output; a missing one ends the call with NOT_FOUND naming it and this executor. */
    public void fetch(FetchShuffleRequest request, StreamObserver<ShuffleChunk> response) {
        ServerCallStreamObserver<ShuffleChunk> call = (ServerCallStreamObserver<ShuffleChunk>) response;
        MapOutputId id;
        ChunkCursor cursor;
        try {
            id = new MapOutputId(request.getQueryId(), request.getBatchId(), request.getMapTaskIndex(),
                    request.getStatePartition());
            cursor = store.find(id).open();
        } catch (ShuffleOutputNotFoundException e) {
            response.onError(status(Status.NOT_FOUND, e.getMessage(), e));
            return;
        } catch (IllegalArgumentException e) {
            response.onError(status(Status.INVALID_ARGUMENT, "bad shuffle fetch on executor " + executorId + ": "
                    + e.getMessage(), e));
            return;
        } catch (IOException e) {
            // the output was released between the lookup and the open of its spill file
            response.onError(status(Status.NOT_FOUND, "cannot open the shuffle output of query "
                    + request.getQueryId() + ", batch " + request.getBatchId() + ", map task "
                    + request.getMapTaskIndex() + ", partition " + request.getStatePartition() + " on executor "
                    + executorId + ": " + e.getMessage(), e));
            return;
        }
        ChunkSender sender = new ChunkSender(id, cursor, call);
        call.setOnCancelHandler(sender::cancelled);
        call.setOnReadyHandler(sender);
        // gRPC calls the handler when the call becomes ready; it may already be
        sender.run();
    }

    /** Forgets the outputs of the request's query up to and including its batch. */
    public void release(ReleaseShuffleRequest request, StreamObserver<ReleaseShuffleResponse> response) {
        try {
            store.release(request.getQueryId(), request.getBatchId());
        } catch (RuntimeException e) {
            response.onError(status(Status.INTERNAL, "cannot release the shuffle output of query "
                    + request.getQueryId() + " up to batch " + request.getBatchId() + " on executor " + executorId
                    + ": " + e.getMessage(), e));
            return;
        }
        response.onNext(ReleaseShuffleResponse.getDefaultInstance());
        response.onCompleted();
    }

    /** Forgets every output of {@code queryId}. */
    public void releaseQuery(String queryId) {
        store.releaseQuery(queryId);
    }

    private StatusRuntimeException status(Status status, String description, Throwable cause) {
        Metadata trailers = new Metadata();
        trailers.put(EXECUTOR_ID, executorId);
        return status.withDescription(description).withCause(cause).asRuntimeException(trailers);
    }

    /** Closes the channels and the store (which deletes its spill files). */
    @Override
    public void close() {
        try {
            channels.close();
        } finally {
            store.close();
        }
    }

    /**
     * Sends chunks while the call is ready. gRPC runs a call's handlers one at a time, so no two runs overlap.
     */
    private final class ChunkSender implements Runnable {
        private final MapOutputId id;
        private final ChunkCursor cursor;
        private final ServerCallStreamObserver<ShuffleChunk> call;
        private ByteString next;
        private boolean done;

        ChunkSender(MapOutputId id, ChunkCursor cursor, ServerCallStreamObserver<ShuffleChunk> call) {
            this.id = id;
            this.cursor = cursor;
            this.call = call;
        }

        @Override
        public void run() {
            if (done) {
                return;
            }
            try {
                while (true) {
                    if (call.isCancelled()) {
                        finish();
                        return;
                    }
                    if (next == null) {
                        next = cursor.next(chunkBytes);
                        if (next == null) {
                            finish();
                            call.onCompleted();
                            return;
                        }
                    }
                    if (!call.isReady()) {
                        return; // the on-ready handler resumes here
                    }
                    call.onNext(ShuffleChunk.newBuilder().setData(next).build());
                    next = null;
                }
            } catch (IOException | RuntimeException e) {
                finish();
                call.onError(status(Status.INTERNAL, "cannot read the shuffle output of " + id.describe()
                        + " on executor " + executorId + ": " + e.getMessage(), e));
            }
        }

        void cancelled() {
            finish();
        }

        private void finish() {
            if (done) {
                return;
            }
            done = true;
            next = null;
            try {
                cursor.close();
            } catch (IOException e) {
                // a read-only file that no longer matters; the call is over either way
            }
        }
    }
}
