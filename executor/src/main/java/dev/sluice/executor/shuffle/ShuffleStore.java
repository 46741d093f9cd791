package dev.sluice.executor.shuffle;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The map outputs an executor holds: per (query, batch, map task, state partition) the Arrow IPC stream bytes a
 * {@link ShuffleWriter} produced, kept until the batch is committed and the driver releases it. Outputs live in heap
 * memory up to a budget (default {@value #DEFAULT_MEMORY_BUDGET_BYTES} bytes per executor); an output that would go
 * beyond it is written to a file in a spill directory that the store creates under the executor's local directory
 * when it first needs it, and deletes on {@link #close()}.
 *
 * <p>A map task's outputs are registered together when its writer finishes, and a later attempt of the same map
 * task replaces the earlier attempt's outputs as a whole (same inputs, same rows: the replay is deterministic).
 * Outputs of a batch that was already released are dropped on arrival: they belong to an attempt that lost the race
 * and no reader will ask for them.
 *
 * <p>A reader may wait for a map task that is still running ({@link #whenRegistered}): a state task sent together
 * with its batch's scan tasks. The wait ends when the map task registers its outputs, or fails when the map task
 * fails ({@link #mapTaskFailed}), its batch is released or the store closes, so no waiter outlives its batch.
 *
 * <p>Thread-safe: tasks write, fetches read and the driver releases concurrently.
 */
public final class ShuffleStore implements AutoCloseable {
    public static final long DEFAULT_MEMORY_BUDGET_BYTES = 256L * 1024 * 1024;

    private final String executorId;
    private final Path localDirectory;
    private final MemoryBudget budget;
    private final Map<MapTaskKey, MapOutputs> outputs = new ConcurrentHashMap<>();
    /** Per query, the highest batch released so far: outputs of a batch up to it are not kept. */
    private final Map<String, Long> releasedThrough = new ConcurrentHashMap<>();
    /** Map tasks someone waits for that have not registered yet; guarded by {@code this}. */
    private final Map<MapTaskKey, CompletableFuture<Void>> awaited = new HashMap<>();
    /** Map tasks that failed on this executor, with the reason, until a later attempt registers; guarded by this. */
    private final Map<MapTaskKey, String> failedMapTasks = new HashMap<>();
    private final AtomicLong spilledBytes = new AtomicLong();
    private final AtomicLong spillFiles = new AtomicLong();
    private Path spillDirectory;
    private boolean closed;

    private record MapTaskKey(String queryId, long batchId, int mapTaskIndex) {}

    /** One attempt's outputs of one map task, index = state partition. */
    private record MapOutputs(List<StoredOutput> partitions) {
        void delete() {
            partitions.forEach(StoredOutput::delete);
        }
    }

    /**
     * A store whose spill files go to a new directory under {@code localDirectory} (created on the first spill).
     * {@code memoryBudgetBytes} 0 spills every output.
     */
    public ShuffleStore(String executorId, Path localDirectory, long memoryBudgetBytes) {
        this.executorId = requireNonNull(executorId, "executorId is null");
        this.localDirectory = requireNonNull(localDirectory, "localDirectory is null");
        this.budget = new MemoryBudget(memoryBudgetBytes);
    }

    /** A store with the default budget, spilling under the JVM's temporary directory. */
    public static ShuffleStore withDefaults(String executorId) {
        return new ShuffleStore(executorId, Path.of(System.getProperty("java.io.tmpdir")),
                DEFAULT_MEMORY_BUDGET_BYTES);
    }

    public String executorId() {
        return executorId;
    }

    public long memoryBudgetBytes() {
        return budget.limitBytes();
    }

    /** Heap bytes held by stored outputs and by outputs being written. */
    public long memoryUsedBytes() {
        return budget.usedBytes();
    }

    /** Bytes of stored outputs in spill files. */
    public long spilledBytes() {
        return spilledBytes.get();
    }

    /** Spill files the store has created so far (stored, discarded or deleted alike). */
    public long spillFilesCreated() {
        return spillFiles.get();
    }

    /** How many map tasks' outputs the store holds. */
    public int mapOutputCount() {
        return outputs.size();
    }

    /** The spill directory, or null while nothing has spilled. */
    public synchronized Path spillDirectory() {
        return spillDirectory;
    }

    /** A buffer for the stream of {@code id}; nothing is visible to readers until {@link #register}. */
    OutputBuffer newOutput(MapOutputId id) {
        return new OutputBuffer(id, this, budget);
    }

    /** A new, not yet existing file for a spilled output of {@code id}. */
    synchronized Path newSpillFile(MapOutputId id) throws IOException {
        checkOpen();
        if (spillDirectory == null) {
            Files.createDirectories(localDirectory);
            spillDirectory = Files.createTempDirectory(localDirectory, "shuffle-" + fileNamePart(executorId) + "-");
        }
        return spillDirectory.resolve("batch-" + id.batchId() + "-map-" + id.mapTaskIndex() + "-partition-"
                + id.partition() + "-" + spillFiles.incrementAndGet() + ".arrows");
    }

    StoredOutput spilled(Path file, long length) {
        spilledBytes.addAndGet(length);
        return new StoredOutput.Spilled(file, length, removed -> spilledBytes.addAndGet(-removed));
    }

    /**
     * Makes one map task's outputs readable ({@code partitions}: index = state partition), replacing an earlier
     * attempt's. Returns false (and deletes them) when the batch was already released.
     */
    boolean register(String queryId, long batchId, int mapTaskIndex, List<StoredOutput> partitions) {
        MapTaskKey key = new MapTaskKey(queryId, batchId, mapTaskIndex);
        MapOutputs added = new MapOutputs(List.copyOf(partitions));
        MapOutputs replaced;
        CompletableFuture<Void> waiting;
        synchronized (this) {
            if (closed) {
                added.delete();
                throw new IllegalStateException("the shuffle store of executor " + executorId + " is closed");
            }
            Long released = releasedThrough.get(queryId);
            if (released != null && batchId <= released) {
                added.delete();
                return false;
            }
            replaced = outputs.put(key, added);
            failedMapTasks.remove(key);
            waiting = awaited.remove(key);
        }
        if (replaced != null) {
            replaced.delete();
        }
        if (waiting != null) {
            // outside the lock: what waits (a state task being queued, a fetch starting to send) runs here
            waiting.complete(null);
        }
        return true;
    }

    /**
     * Completes when map task {@code mapTaskIndex} of the batch has registered its outputs here (at once if it
     * has); fails with {@link MapTaskFailedException} when it failed here, and with a {@link ShuffleException} when
     * the batch was released or the store closed first. What depends on it may run on the registering thread.
     */
    public CompletionStage<Void> whenRegistered(String queryId, long batchId, int mapTaskIndex) {
        requireNonNull(queryId, "queryId is null");
        MapTaskKey key = new MapTaskKey(queryId, batchId, mapTaskIndex);
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedStage(new ShuffleException("the shuffle store of executor "
                        + executorId + " is closed"));
            }
            if (outputs.containsKey(key)) {
                return CompletableFuture.completedStage(null);
            }
            String failure = failedMapTasks.get(key);
            if (failure != null) {
                return CompletableFuture.failedStage(new MapTaskFailedException(failure));
            }
            Long released = releasedThrough.get(queryId);
            if (released != null && batchId <= released) {
                return CompletableFuture.failedStage(new ShuffleException(released(key)));
            }
            // a stage the caller cannot complete, over the one future every waiter of the map task shares
            return awaited.computeIfAbsent(key, absent -> new CompletableFuture<>()).minimalCompletionStage();
        }
    }

    /**
     * Records that map task {@code mapTaskIndex} of the batch failed (or was cancelled) on this executor: whoever
     * waits for its outputs, now or later, fails with {@code reason} (which names the task and the executor),
     * until a later attempt registers.
     */
    public void mapTaskFailed(String queryId, long batchId, int mapTaskIndex, String reason) {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(reason, "reason is null");
        MapTaskKey key = new MapTaskKey(queryId, batchId, mapTaskIndex);
        CompletableFuture<Void> waiting;
        synchronized (this) {
            Long released = releasedThrough.get(queryId);
            if (closed || outputs.containsKey(key) || released != null && batchId <= released) {
                return; // nothing can wait for it any more, or an attempt already succeeded
            }
            failedMapTasks.put(key, reason);
            waiting = awaited.remove(key);
        }
        if (waiting != null) {
            waiting.completeExceptionally(new MapTaskFailedException(reason));
        }
    }

    private static String released(MapTaskKey key) {
        return "the shuffle output of query " + key.queryId() + ", batch " + key.batchId() + ", map task "
                + key.mapTaskIndex() + " was released: the batch is over";
    }

    /** Fails the waits (and forgets the failures) of map tasks that {@code released} selects; under the lock. */
    private List<Map.Entry<MapTaskKey, CompletableFuture<Void>>> endWaits(
            Predicate<MapTaskKey> released) {
        List<Map.Entry<MapTaskKey, CompletableFuture<Void>>> ended = new ArrayList<>();
        awaited.entrySet().removeIf(entry -> {
            if (released.test(entry.getKey())) {
                ended.add(Map.entry(entry.getKey(), entry.getValue()));
                return true;
            }
            return false;
        });
        failedMapTasks.keySet().removeIf(released);
        return ended;
    }

    private static void failWaits(List<Map.Entry<MapTaskKey, CompletableFuture<Void>>> ended, String why) {
        for (Map.Entry<MapTaskKey, CompletableFuture<Void>> entry : ended) {
            entry.getValue().completeExceptionally(new ShuffleException(why == null ? released(entry.getKey())
                    : why));
        }
    }

    /** The stored output of {@code id}, or an error naming it and this executor. */
    StoredOutput find(MapOutputId id) {
        MapOutputs mapOutputs = outputs.get(new MapTaskKey(id.queryId(), id.batchId(), id.mapTaskIndex()));
        if (mapOutputs == null || id.partition() >= mapOutputs.partitions().size()) {
            throw new ShuffleOutputNotFoundException(id, executorId);
        }
        return mapOutputs.partitions().get(id.partition());
    }

    /** Bytes of the stored output of {@code id}, or an error naming it and this executor. */
    public long length(MapOutputId id) {
        return find(id).length();
    }

    /** Forgets the outputs of {@code queryId}'s batches up to and including {@code upToBatchInclusive}. */
    public void release(String queryId, long upToBatchInclusive) {
        requireNonNull(queryId, "queryId is null");
        List<MapOutputs> removed = new ArrayList<>();
        List<Map.Entry<MapTaskKey, CompletableFuture<Void>>> ended;
        synchronized (this) {
            releasedThrough.merge(queryId, upToBatchInclusive, Math::max);
            outputs.entrySet().removeIf(entry -> {
                MapTaskKey key = entry.getKey();
                boolean release = key.queryId().equals(queryId) && key.batchId() <= upToBatchInclusive;
                if (release) {
                    removed.add(entry.getValue());
                }
                return release;
            });
            ended = endWaits(key -> key.queryId().equals(queryId) && key.batchId() <= upToBatchInclusive);
        }
        removed.forEach(MapOutputs::delete);
        failWaits(ended, null);
    }

    /** Forgets every output of {@code queryId} (the query ended on this executor). */
    public void releaseQuery(String queryId) {
        requireNonNull(queryId, "queryId is null");
        List<MapOutputs> removed = new ArrayList<>();
        List<Map.Entry<MapTaskKey, CompletableFuture<Void>>> ended;
        synchronized (this) {
            releasedThrough.remove(queryId);
            outputs.entrySet().removeIf(entry -> {
                boolean release = entry.getKey().queryId().equals(queryId);
                if (release) {
                    removed.add(entry.getValue());
                }
                return release;
            });
            ended = endWaits(key -> key.queryId().equals(queryId));
        }
        removed.forEach(MapOutputs::delete);
        failWaits(ended, "the shuffle output of query " + queryId + " was released: the query ended on executor "
                + executorId);
    }

    /** Drops every output and deletes the spill directory with whatever is left in it. */
    @Override
    public void close() {
        List<MapOutputs> removed;
        List<Map.Entry<MapTaskKey, CompletableFuture<Void>>> ended;
        Path directory;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            removed = new ArrayList<>(outputs.values());
            outputs.clear();
            ended = endWaits(key -> true);
            directory = spillDirectory;
        }
        removed.forEach(MapOutputs::delete);
        failWaits(ended, "the shuffle store of executor " + executorId + " is closed");
        if (directory != null) {
            deleteRecursively(directory);
        }
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the shuffle store of executor " + executorId + " is closed");
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the shuffle spill directory " + directory, e);
        }
    }

    /** Executor ids are free text; a file name takes letters, digits, '-' and '_' only. */
    private static String fileNamePart(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9_-]", "_");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned;
    }
}
