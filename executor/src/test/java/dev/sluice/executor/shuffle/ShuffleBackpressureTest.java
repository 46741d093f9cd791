package dev.sluice.executor.shuffle;

import static dev.sluice.executor.shuffle.ShuffleTesting.QUERY_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.connector.Connectors;
import dev.sluice.executor.rpc.proto.ExecutorServiceGrpc;
import dev.sluice.executor.rpc.proto.FetchShuffleRequest;
import dev.sluice.executor.rpc.proto.ShuffleChunk;
import dev.sluice.executor.server.ExecutorRpcService;
import io.grpc.Channel;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A reader that takes nothing must not make the serving executor queue the whole output: it sends only while the
 * call is ready, so what it has handed to gRPC stays within the flow-control window plus a chunk or two.
 */
class ShuffleBackpressureTest {
    private static final int CHUNKS = 128;
    private static final int CHUNK_BYTES = ShuffleService.CHUNK_BYTES;

    /** Counts the messages the server hands to the transport. */
    private static final class SentMessages implements ServerInterceptor {
        final AtomicInteger sent = new AtomicInteger();

        @Override
        public <RequestT, ResponseT> ServerCall.Listener<RequestT> interceptCall(ServerCall<RequestT, ResponseT> call,
                Metadata headers, ServerCallHandler<RequestT, ResponseT> next) {
            return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void sendMessage(ResponseT message) {
                    sent.incrementAndGet();
                    super.sendMessage(message);
                }
            }, headers);
        }
    }

    /** A 32 MiB output (the bytes need not be Arrow: the server only streams them). */
    private static void storeLargeOutput(ExecutorRpcService service) throws IOException {
        ShuffleStore store = service.shuffle().store();
        OutputBuffer output = store.newOutput(new MapOutputId(QUERY_ID, 1, 0, 0));
        byte[] piece = new byte[CHUNK_BYTES];
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            piece[0] = (byte) chunk;
            output.write(ByteBuffer.wrap(piece));
        }
        store.register(QUERY_ID, 1, 0, List.of(output.finish()));
    }

    @Test
    void inProcessServerSendsNothingAheadOfTheReader() throws Exception {
        String name = "shuffle-backpressure-" + UUID.randomUUID();
        SentMessages counter = new SentMessages();
        try (ExecutorRpcService service = new ExecutorRpcService("executor-a", 1, Connectors.discover())) {
            storeLargeOutput(service);
            Server server = InProcessServerBuilder.forName(name)
                    .addService(ServerInterceptors.intercept(service, counter)).build().start();
            try (ShuffleChannels channels = new ShuffleChannels()) {
                stallThenDrain(channels.channel(ShuffleChannels.inProcessTarget(name)), counter, 2);
            } finally {
                server.shutdownNow().awaitTermination();
            }
        }
    }

    @Test
    void tcpServerSendsAtMostTheFlowControlWindowAheadOfTheReader() throws Exception {
        SentMessages counter = new SentMessages();
        try (ExecutorRpcService service = new ExecutorRpcService("executor-a", 1, Connectors.discover())) {
            storeLargeOutput(service);
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(ServerInterceptors.intercept(service, counter)).build().start();
            try (ShuffleChannels channels = new ShuffleChannels()) {
                // the client's window holds 4 chunks; the server's transport one more before it stops being ready
                int bound = ShuffleChannels.FLOW_CONTROL_WINDOW_BYTES / CHUNK_BYTES + 3;
                stallThenDrain(channels.channel("127.0.0.1:" + server.getPort()), counter, bound);
            } finally {
                server.shutdownNow().awaitTermination();
            }
        }
    }

    /**
     * Starts a fetch that asks for no message, waits until the server stops sending, checks it sent at most
     * {@code bound} chunks, then reads everything and checks that all chunks arrive in order.
     */
    private static void stallThenDrain(Channel channel, SentMessages counter, int bound) throws Exception {
        AtomicReference<ClientCallStreamObserver<FetchShuffleRequest>> call = new AtomicReference<>();
        AtomicInteger received = new AtomicInteger();
        AtomicLong receivedBytes = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<String> outOfOrder = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ExecutorServiceGrpc.newStub(channel).fetchShuffle(FetchShuffleRequest.newBuilder().setQueryId(QUERY_ID)
                .setBatchId(1).setMapTaskIndex(0).setStatePartition(0).build(),
                new ClientResponseObserver<FetchShuffleRequest, ShuffleChunk>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<FetchShuffleRequest> requestStream) {
                        requestStream.disableAutoRequestWithInitial(0);
                        call.set(requestStream);
                    }

                    @Override
                    public void onNext(ShuffleChunk chunk) {
                        int index = received.getAndIncrement();
                        if (chunk.getData().byteAt(0) != (byte) index && outOfOrder.get() == null) {
                            outOfOrder.set("chunk " + index + " starts with " + chunk.getData().byteAt(0));
                        }
                        receivedBytes.addAndGet(chunk.getData().size());
                    }

                    @Override
                    public void onError(Throwable error) {
                        failure.set(error);
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });

        int sent = waitUntilStable(counter.sent);
        assertTrue(sent <= bound, "the server sent " + sent + " of " + CHUNKS + " chunks to a reader that read none"
                + " (bound " + bound + ")");
        assertEquals(0, received.get());

        call.get().request(CHUNKS + 1);
        assertTrue(done.await(30, TimeUnit.SECONDS), "the fetch finishes once the reader reads");
        assertNull(failure.get());
        assertNull(outOfOrder.get());
        assertEquals(CHUNKS, received.get());
        assertEquals((long) CHUNKS * CHUNK_BYTES, receivedBytes.get());
    }

    /** The counter's value once it has not moved for 300 ms (at most 5 s). */
    private static int waitUntilStable(AtomicInteger counter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int now = counter.get();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(300)) {
                return now;
            }
            Thread.sleep(20);
        }
        return counter.get();
    }
}
