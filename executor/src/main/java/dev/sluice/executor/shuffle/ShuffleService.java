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
import java.util.concurrent.CompletionException;

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
    /**
     * The trailer that marks a failure as caused by another task's failure (a map task whose output a state task
     * waited for): the driver reports that other task's failure instead.
     */
    public static final Metadata.Key<String> INPUT_FAILED =
            Metadata.Key.of("sluice-input-failed", Metadata.ASCII_STRING_MARSHALLER);

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

    /**
     * Streams one stored output; a missing one ends the call with NOT_FOUND naming it and this executor. With
     * {@code wait_for_output} the output may not exist yet: the call waits (holding no thread) until its map task
     * registers it, and ends with ABORTED, flagged as an input failure, if the map task fails here instead.
     */
    public void fetch(FetchShuffleRequest request, StreamObserver<ShuffleChunk> response) {
        ServerCallStreamObserver<ShuffleChunk> call = (ServerCallStreamObserver<ShuffleChunk>) response;
        MapOutputId id;
        try {
            id = new MapOutputId(request.getQueryId(), request.getBatchId(), request.getMapTaskIndex(),
                    request.getStatePartition());
        } catch (IllegalArgumentException e) {
            response.onError(status(Status.INVALID_ARGUMENT, "bad shuffle fetch on executor " + executorId + ": "
                    + e.getMessage(), e));
            return;
        }
        ChunkSender sender = new ChunkSender(id, call);
        // Both handlers are set here: gRPC takes them only during this call.
        call.setOnCancelHandler(sender::cancelled);
        call.setOnReadyHandler(sender);
        if (!request.getWaitForOutput()) {
            sender.open();
            return;
        }
        store.whenRegistered(id.queryId(), id.batchId(), id.mapTaskIndex()).whenComplete((registered, failure) -> {
            if (failure == null) {
                sender.open();
            } else {
                sender.fail(failure instanceof CompletionException ? failure.getCause()
                        : failure);
            }
        });
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
     * Sends chunks while the call is ready. gRPC runs a call's handlers one at a time, but the first run of a
     * waiting fetch comes from the thread that registered the output, so every entry point takes the sender's lock.
     */
    private final class ChunkSender implements Runnable {
        private final MapOutputId id;
        private final ServerCallStreamObserver<ShuffleChunk> call;
        private ChunkCursor cursor;
        private ByteString next;
        private boolean done;
        /**
         * Set while the loop below sends: with a direct executor gRPC may call the on-ready handler from inside
         * {@code onNext} on the same thread, and that call must not start a second loop over the same chunk.
         */
        private boolean sending;

        ChunkSender(MapOutputId id, ServerCallStreamObserver<ShuffleChunk> call) {
            this.id = id;
            this.call = call;
        }

        /** Opens the stored output and starts sending; a missing one ends the call with NOT_FOUND. */
        synchronized void open() {
            if (done) {
                return;
            }
            try {
                cursor = store.find(id).open();
            } catch (ShuffleOutputNotFoundException e) {
                end(status(Status.NOT_FOUND, e.getMessage(), e));
                return;
            } catch (IOException e) {
                // the output was released between the lookup and the open of its spill file
                end(status(Status.NOT_FOUND, "cannot open the shuffle output of " + id.describe() + " on executor "
                        + executorId + ": " + e.getMessage(), e));
                return;
            }
            run(); // gRPC calls the on-ready handler when the call becomes ready; it may already be
        }

        /** Ends a waiting fetch whose output will not come. */
        synchronized void fail(Throwable failure) {
            if (done) {
                return;
            }
            if (failure instanceof MapTaskFailedException) {
                Metadata trailers = new Metadata();
                trailers.put(EXECUTOR_ID, executorId);
                trailers.put(INPUT_FAILED, "true");
                end(Status.ABORTED.withDescription(failure.getMessage()).withCause(failure)
                        .asRuntimeException(trailers));
            } else {
                end(status(Status.NOT_FOUND, "the shuffle output of " + id.describe() + " will not come to executor "
                        + executorId + ": " + failure.getMessage(), failure));
            }
        }

        @Override
        public synchronized void run() {
            if (done || cursor == null || sending) {
                return; // not open yet, over, or re-entered: the running loop checks readiness again itself
            }
            sending = true;
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
                    ByteString chunk = next;
                    next = null;
                    call.onNext(ShuffleChunk.newBuilder().setData(chunk).build());
                }
            } catch (IOException | RuntimeException e) {
                end(status(Status.INTERNAL, "cannot read the shuffle output of " + id.describe()
                        + " on executor " + executorId + ": " + e.getMessage(), e));
            } finally {
                sending = false;
            }
        }

        synchronized void cancelled() {
            finish();
        }

        private void end(StatusRuntimeException error) {
            finish();
            try {
                call.onError(error);
            } catch (RuntimeException alreadyOver) {
                // the reader cancelled the call meanwhile; nobody is listening
            }
        }

        private void finish() {
            if (done) {
                return;
            }
            done = true;
            next = null;
            if (cursor != null) {
                try {
                    cursor.close();
                } catch (IOException e) {
                    // a read-only file that no longer matters; the call is over either way
                }
            }
        }
    }
}
