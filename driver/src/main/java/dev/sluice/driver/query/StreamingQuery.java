package dev.sluice.driver.query;

import static java.util.Objects.requireNonNull;

import dev.sluice.checkpoint.Checkpoint;
import dev.sluice.checkpoint.OffsetEntry;
import dev.sluice.checkpoint.RestartPoint;
import dev.sluice.checkpoint.SourceOffsets;
import dev.sluice.connector.Connectors;
import dev.sluice.connector.Offset;
import dev.sluice.connector.Sink;
import dev.sluice.connector.SinkRecoverRequest;
import dev.sluice.connector.Source;
import dev.sluice.connector.TableContext;
import dev.sluice.connector.log.CheckpointSourceLog;
import dev.sluice.driver.cluster.Cluster;
import dev.sluice.driver.cluster.ClusterStart;
import dev.sluice.driver.cluster.TaskScheduler;
import dev.sluice.planner.PlannedQuery;
import dev.sluice.driver.progress.ProgressLog;
import dev.sluice.driver.progress.QueryProgress;
import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.executor.rpc.proto.RunTaskRequest;
import dev.sluice.executor.task.TableSchemas;
import dev.sluice.planner.plan.proto.TableDefinition;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One run of a streaming query: opens its checkpoint, decides where to resume, starts the executors, and runs the
 * trigger loop until the trigger says stop, the sources end, {@link #stop()} is called, or a batch fails.
 *
 * <p>Each batch goes through the steps of ARCHITECTURE.md "One micro-batch", one class each: {@link OffsetsStep},
 * {@link WriteAheadStep}, {@link BindStep}, {@link RunStep}, {@link SinkCommitStep}, {@link CommitStep}; then a
 * progress record.
 */
public final class StreamingQuery {
    /** How often an idle query asks its sources again when the trigger interval is 0. */
    static final Duration IDLE_POLL = Duration.ofMillis(50);

    private final PlannedQuery planned;
    private final QueryOptions options;
    private final PrintStream out;
    private final ClusterStart executors;
    private final Object wakeUp = new Object();
    private volatile boolean stopRequested;
    private volatile long committedBatches;
    private final List<Consumer<QueryProgress>> progressListeners = new CopyOnWriteArrayList<>();

    /** A query that starts its executors when it runs. */
    public StreamingQuery(PlannedQuery planned, QueryOptions options, PrintStream out) {
        this(planned, options, null, out);
    }

    /**
     * A query that takes the executors {@code executors} is starting (begun before planning, so that both happen
     * at once); the query closes the cluster when it ends, the caller closes {@code executors}.
     */
    public StreamingQuery(PlannedQuery planned, QueryOptions options, ClusterStart executors, PrintStream out) {
        this.planned = requireNonNull(planned, "planned is null");
        this.options = requireNonNull(options, "options is null");
        this.out = requireNonNull(out, "out is null");
        if (executors != null && !executors.master().equals(options.master())) {
            throw new IllegalArgumentException("the executors started are " + executors.master()
                    + ", the query's master is " + options.master());
        }
        this.executors = executors;
    }

    /**
     * Asks the query to stop: the batch in flight finishes (or, if the process dies first, is replayed by the next
     * run); no new batch starts. Safe from any thread, a signal handler's included.
     */
    public void stop() {
        stopRequested = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /**
     * Calls {@code listener} in the query's thread with each batch's progress record, right after the batch
     * committed (before the next batch starts); a benchmark reads its per-batch timings this way.
     */
    public void addProgressListener(Consumer<QueryProgress> listener) {
        progressListeners.add(requireNonNull(listener, "listener is null"));
    }

    /** Batches this run committed so far. */
    public long committedBatches() {
        return committedBatches;
    }

    /** Runs the query in the calling thread until it ends; throws what made it fail. */
    public void run() throws IOException, InterruptedException {
        Path temporaryCheckpoint = options.checkpoint().isEmpty()
                ? Files.createTempDirectory("sluice-checkpoint-") : null;
        String location = options.checkpoint().orElse(temporaryCheckpoint == null ? null
                : temporaryCheckpoint.toString());
        try (Checkpoint checkpoint = Checkpoint.open(location)) {
            runOn(checkpoint);
        }
        if (temporaryCheckpoint != null) {
            deleteRecursively(temporaryCheckpoint); // only after a clean end: a failure leaves it for inspection
        }
    }

    private void runOn(Checkpoint checkpoint) throws IOException, InterruptedException {
        String queryId = checkpoint.metadata().id().toString();
        String runId = UUID.randomUUID().toString();
        RestartPoint restart = checkpoint.restartPoint();
        Optional<OffsetEntry> lastEntry = lastOffsets(restart);
        if (lastEntry.isPresent()) {
            PlanCheck.verify(planned, lastEntry.get(), checkpoint.offsets().describe(lastEntry.get().batchId()));
        }
        Connectors connectors = Connectors.discover();
        List<Source> sources = new ArrayList<>();
        Sink sink = null;
        Sink lateRowsSink = null;
        Cluster cluster = null;
        TaskScheduler scheduler = null;
        try {
            for (int index = 0; index < planned.plan().getSourcesCount(); index++) {
                TableDefinition table = planned.plan().getSources(index);
                sources.add(connectors.createSource(new TableContext(table.getName(), TableSchemas.schemaOf(table),
                        table.getOptionsMap(), new CheckpointSourceLog(checkpoint.store(), index))));
            }
            TableDefinition sinkTable = planned.plan().getSink();
            sink = connectors.createSink(TableContext.of(sinkTable.getName(), TableSchemas.schemaOf(sinkTable),
                    sinkTable.getOptionsMap()));
            sink.recover(new SinkRecoverRequest(queryId, restart.nextBatchId() - 1));
            if (planned.plan().hasLateRowsSink()) {
                TableDefinition late = planned.plan().getLateRowsSink();
                lateRowsSink = connectors.createSink(TableContext.of(late.getName(), TableSchemas.schemaOf(late),
                        late.getOptionsMap()));
                lateRowsSink.recover(new SinkRecoverRequest(queryId, restart.nextBatchId() - 1));
            }
            cluster = executors != null ? executors.await() : Cluster.start(options.master());
            scheduler = new TaskScheduler(cluster.executors());
            StateLayout state = StateLayout.of(planned.plan(), lastEntry, cluster.totalCores());
            scheduler.prepare(queryId, runId, planned.plan(), state == StateLayout.NONE ? ""
                    : checkpoint.location(), state.keyGroups());
            QueryRuntime runtime = new QueryRuntime(queryId, runId, planned, sources, sink, checkpoint, scheduler,
                    cluster.totalCores(), state, lateRowsSink);
            loop(runtime, restart);
        } finally {
            if (scheduler != null) {
                scheduler.release(queryId);
            }
            if (cluster != null) {
                cluster.close();
            }
            if (sink != null) {
                sink.close();
            }
            if (lateRowsSink != null) {
                lateRowsSink.close();
            }
            for (Source source : sources) {
                source.close();
            }
        }
    }

    private static Optional<OffsetEntry> lastOffsets(RestartPoint restart) {
        if (restart instanceof RestartPoint.ContinueAfter after) {
            return Optional.of(after.lastOffsets());
        }
        if (restart instanceof RestartPoint.Replay replay) {
            return Optional.of(replay.offsets());
        }
        return Optional.empty();
    }

    private void loop(QueryRuntime runtime, RestartPoint restart) throws IOException, InterruptedException {
        List<Offset> positions = startPositions(runtime, restart);
        OffsetEntry replay = restart instanceof RestartPoint.Replay pending ? pending.offsets() : null;
        if (options.trigger() instanceof Trigger.AvailableNow) {
            runtime.sources().forEach(Source::prepareForAvailableNow);
        }
        EventTimeWatermark watermark = new EventTimeWatermark(runtime.planned().plan(), restoredWatermark(restart));
        ProgressLog progressLog = localDirectory(runtime.checkpoint()).map(ProgressLog::new).orElse(null);
        long batchId = restart.nextBatchId();
        long previousTriggerStart = -1;
        int previousPartitions = previousStatePartitions(runtime, restart);
        // A no-data batch is due when the watermark moved past what the last batch ran with and the state stage
        // closes windows by it (ARCHITECTURE.md "One micro-batch", step 1).
        boolean noDataBatchDue = restart instanceof RestartPoint.ContinueAfter after && runtime.usesEventTimeState()
                && after.lastCommit().nextWatermarkMs() > after.lastOffsets().watermarkMs();
        while (!stopRequested) {
            long triggerStart = System.nanoTime();
            BatchTimer timer = new BatchTimer();
            List<SourceRange> ranges;
            long batchTimestampMs;
            long batchWatermark;
            int batchPartitions = runtime.state().partitions();
            if (replay != null) {
                // A replay reads exactly the logged ranges, at the logged time, with the logged watermark;
                // offsets/N is not written again.
                ranges = loggedRanges(runtime, replay);
                batchTimestampMs = replay.batchTimestampMs();
                batchWatermark = replay.watermarkMs();
                if (runtime.stateful()) {
                    batchPartitions = StateLayout.partitionsOf(replay); // the state it may have committed
                }
                replay = null;
            } else {
                List<SourceRange> latest = timer.time("latestOffset", () -> OffsetsStep.latest(runtime, positions));
                ranges = latest;
                if (OffsetsStep.nothingNew(latest) && !noDataBatchDue) {
                    if (finishedWhenIdle(runtime, positions)) {
                        if (!endOfInput(runtime, positions, watermark)) {
                            break;
                        }
                        noDataBatchDue = true; // bounded input ended: the last windows close now
                        continue;
                    }
                    awaitNextTrigger(triggerStart, true);
                    continue;
                }
                batchTimestampMs = System.currentTimeMillis();
                batchWatermark = watermark.current();
                long timestamp = batchTimestampMs;
                long logged = batchId;
                long loggedWatermark = batchWatermark;
                timer.time("walCommit", () -> WriteAheadStep.publish(runtime, logged, timestamp, loggedWatermark,
                        latest));
            }
            long[] partitionNanos = new long[1];
            long id = batchId;
            List<SourceRange> batchRanges = ranges;
            long bindWatermark = batchWatermark;
            int bindPartitions = batchPartitions;
            List<RunTaskRequest> tasks = timer.time("queryPlanning", () -> BindStep.bind(runtime, id, batchRanges,
                    bindWatermark, bindPartitions, partitionNanos));
            timer.add("getBatch", partitionNanos[0]);
            timer.add("queryPlanning", -partitionNanos[0]);
            long addBatchStart = System.nanoTime();
            RunStep.BatchOutcome outcome = RunStep.run(runtime, batchId, batchWatermark, batchPartitions,
                    previousPartitions, tasks);
            previousPartitions = batchPartitions;
            SinkCommitStep.commit(runtime, batchId, outcome);
            timer.add("addBatch", System.nanoTime() - addBatchStart);
            for (int index = 0; index < outcome.scanOutcomes().size(); index++) {
                int pipeline = outcome.scanTasks().get(index).getPipelineIndex();
                watermark.observe(runtime.planned().plan().getPipelines(pipeline).getSourceIndex(),
                        outcome.scanOutcomes().get(index).response().getEventTime());
            }
            long nextWatermark = Math.max(watermark.advance(), batchWatermark);
            timer.time("commitOffsets", () -> {
                CommitStep.commit(runtime, id, nextWatermark, batchRanges);
                return null;
            });
            timer.add("triggerExecution", System.nanoTime() - triggerStart);
            committedBatches++;
            QueryProgress progress = ProgressReport.of(runtime, options.name(), batchId, batchTimestampMs,
                    batchWatermark, ranges, outcome, timer.millis(), previousTriggerStart < 0 ? -1
                            : triggerStart - previousTriggerStart);
            if (progressLog != null) {
                progressLog.append(progress);
            }
            out.println(ProgressReport.line(progress));
            for (Consumer<QueryProgress> listener : progressListeners) {
                listener.accept(progress);
            }
            previousTriggerStart = triggerStart;
            for (int index = 0; index < ranges.size(); index++) {
                positions.set(index, ranges.get(index).end());
            }
            batchId++;
            noDataBatchDue = runtime.usesEventTimeState() && nextWatermark > batchWatermark;
            if (options.trigger() instanceof Trigger.Once) {
                break;
            }
            if (OffsetsStep.allReachedEnd(runtime, positions)) {
                // Bounded input read to its end: one more batch at the end of event time closes every window
                // (it also covers what a no-data batch for the last watermark would have closed).
                if (endOfInput(runtime, positions, watermark)) {
                    noDataBatchDue = true;
                    continue;
                }
                if (!noDataBatchDue) {
                    break;
                }
            }
            awaitNextTrigger(triggerStart, false);
        }
    }

    /**
     * When every source is bounded and read to its end, event time is over: the watermark moves to the end of
     * time, so that the last windows close in one more (no-data) batch, as a batch job over the same input would
     * give them (Flink's rule for bounded input). Returns whether that batch is due.
     */
    private static boolean endOfInput(QueryRuntime runtime, List<Offset> positions, EventTimeWatermark watermark) {
        if (!runtime.usesEventTimeState() || !OffsetsStep.allReachedEnd(runtime, positions)
                || watermark.current() == Long.MAX_VALUE) {
            return false;
        }
        watermark.endOfInput();
        return true;
    }

    /** The state partitions of the batch before the next one: what its state is split into. */
    private static int previousStatePartitions(QueryRuntime runtime, RestartPoint restart) throws IOException {
        if (!runtime.stateful()) {
            return 0;
        }
        if (restart instanceof RestartPoint.ContinueAfter after) {
            return StateLayout.partitionsOf(after.lastOffsets());
        }
        if (restart instanceof RestartPoint.Replay pending && pending.offsets().batchId() > 0) {
            return runtime.checkpoint().offsets().get(pending.offsets().batchId() - 1)
                    .map(StateLayout::partitionsOf).orElse(0);
        }
        return 0;
    }

    private static long restoredWatermark(RestartPoint restart) {
        if (restart instanceof RestartPoint.ContinueAfter after) {
            return after.lastCommit().nextWatermarkMs();
        }
        if (restart instanceof RestartPoint.Replay pending) {
            return pending.offsets().watermarkMs();
        }
        return OperatorContext.NO_WATERMARK;
    }

    /** With nothing new: whether the query is complete (else it waits for data). */
    private boolean finishedWhenIdle(QueryRuntime runtime, List<Offset> positions) {
        return options.trigger() instanceof Trigger.AvailableNow || options.trigger() instanceof Trigger.Once
                || OffsetsStep.allReachedEnd(runtime, positions);
    }

    private void awaitNextTrigger(long triggerStartNanos, boolean idle) throws InterruptedException {
        Duration interval = options.trigger() instanceof Trigger.ProcessingTime processingTime
                ? processingTime.interval() : Duration.ZERO;
        if (idle && interval.compareTo(IDLE_POLL) < 0) {
            interval = IDLE_POLL;
        }
        long deadline = triggerStartNanos + interval.toNanos();
        synchronized (wakeUp) {
            while (!stopRequested) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wakeUp.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Where each source continues: its initial offset on a new checkpoint, else the last committed end. */
    private static List<Offset> startPositions(QueryRuntime runtime, RestartPoint restart) {
        List<Offset> positions = new ArrayList<>();
        for (int index = 0; index < runtime.sources().size(); index++) {
            Source source = runtime.sources().get(index);
            Offset position = source.initialOffset();
            if (restart instanceof RestartPoint.ContinueAfter after) {
                Optional<SourceOffsets> logged = after.lastOffsets().source(index);
                if (logged.isPresent()) {
                    position = source.offsetFromJson(logged.get().endOffset());
                }
            }
            positions.add(position);
        }
        return positions;
    }

    private static List<SourceRange> loggedRanges(QueryRuntime runtime, OffsetEntry entry) {
        List<SourceRange> ranges = new ArrayList<>();
        for (int index = 0; index < runtime.sources().size(); index++) {
            Source source = runtime.sources().get(index);
            int sourceIndex = index;
            SourceOffsets logged = entry.source(index).orElseThrow(() -> new IllegalStateException(
                    runtime.checkpoint().offsets().describe(entry.batchId()) + " has no range for source "
                            + sourceIndex + " (" + runtime.sourceName(sourceIndex) + ")"));
            Offset start = logged.start().map(source::offsetFromJson).orElse(source.initialOffset());
            ranges.add(new SourceRange(index, start, source.offsetFromJson(logged.endOffset())));
        }
        return List.copyOf(ranges);
    }

    private static Optional<Path> localDirectory(Checkpoint checkpoint) {
        String location = checkpoint.location();
        if (location.startsWith("file:")) {
            return Optional.of(Path.of(URI.create(location)));
        }
        if (location.contains("://")) {
            return Optional.empty(); // progress goes to local disk only, for now
        }
        return Optional.of(Path.of(location));
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
