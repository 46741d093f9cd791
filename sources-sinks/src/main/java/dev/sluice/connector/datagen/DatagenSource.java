package dev.sluice.connector.datagen;

import static java.util.Objects.requireNonNull;

import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.InputPartition;
import dev.sluice.connector.LatestOffsetRequest;
import dev.sluice.connector.Offset;
import dev.sluice.connector.PartitionReader;
import dev.sluice.connector.PlanPartitionsRequest;
import dev.sluice.connector.ReadLimit;
import dev.sluice.connector.ReaderRequest;
import dev.sluice.connector.Source;
import dev.sluice.connector.SourceLog;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The datagen source: rows made from their index, so any range can be read again and gives the same batches.
 * Offsets count rows ({@link DatagenOffset}); a partition is a row range ({@link DatagenPartition}).
 *
 * <p>Availability. Without a rate (a bounded table without {@code rows-per-second}) every row is available at
 * once. With a rate, {@code floor(elapsed * rate / 1000)} rows are available {@code elapsed} milliseconds after the
 * source's start, capped by {@code number-of-rows}. The start is the wall time of the query's first
 * {@link #latestOffset} call; the driver-side source keeps it in entry 0 of its {@link SourceLog}
 * ({@code {"startTimeMillis":...}}), so after a restart the rate continues from the same start and does not
 * begin again at row 0's pace.
 *
 * <p>The driver calls {@link #latestOffset} and {@link #prepareForAvailableNow} from its trigger loop; readers are
 * created on executor threads and share only the immutable {@link DatagenTable}.
 */
final class DatagenSource implements Source {
    /** The id of the log entry that holds the source's start time, the only entry datagen writes. */
    static final long START_TIME_ENTRY = 0;

    private final DatagenTable table;
    private final SourceLog log;
    private final InstantSource clock;

    /** The start of the rate in epoch milliseconds, once known; guarded by {@code this}. */
    private Long startTimeMillis;
    /** The rows pinned by {@link #prepareForAvailableNow}, or -1; guarded by {@code this}. */
    private long pinnedRows = -1;

    DatagenSource(DatagenTable table, SourceLog log, InstantSource clock) {
        this.table = requireNonNull(table, "table is null");
        this.log = requireNonNull(log, "log is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Schema schema() {
        return table.schema();
    }

    @Override
    public Offset initialOffset() {
        return new DatagenOffset(0);
    }

    @Override
    public ReadLimit defaultReadLimit() {
        return table.rowsPerBatch().isPresent() ? ReadLimit.maxRows(table.rowsPerBatch().getAsLong())
                : ReadLimit.ALL_AVAILABLE;
    }

    @Override
    public synchronized Offset latestOffset(LatestOffsetRequest request) {
        long start = rowsOf(request.start());
        long end = pinnedRows >= 0 ? pinnedRows : availableRows();
        // A file limit means nothing to a generator; only a row limit narrows the batch.
        if (request.limit() instanceof ReadLimit.MaxRows maxRows) {
            end = Math.min(end, saturatedAdd(start, maxRows.rows()));
        }
        // Never behind the start: a restart with a lower rate or fewer rows must not move backwards.
        return new DatagenOffset(Math.max(start, end));
    }

    @Override
    public synchronized void prepareForAvailableNow() {
        pinnedRows = availableRows();
    }

    @Override
    public boolean isBounded() {
        return table.isBounded();
    }

    @Override
    public boolean reachedEnd(Offset offset) {
        return table.numberOfRows().isPresent() && rowsOf(offset) >= table.numberOfRows().getAsLong();
    }

    @Override
    public List<InputPartition> planInputPartitions(PlanPartitionsRequest request) {
        long start = rowsOf(request.start());
        long end = rowsOf(request.end());
        if (end < start) {
            throw new ConnectorException("datagen table " + table.tableName() + ": batch " + request.batchId()
                    + " ends at " + request.end().json() + ", before its start " + request.start().json());
        }
        long rows = end - start;
        int partitions = (int) Math.min(request.parallelism(), rows);
        List<InputPartition> result = new ArrayList<>(partitions);
        // Contiguous ranges whose sizes differ by at most one row; the first (rows % partitions) get the extra row.
        long base = partitions == 0 ? 0 : rows / partitions;
        long extra = partitions == 0 ? 0 : rows % partitions;
        long next = start;
        for (int index = 0; index < partitions; index++) {
            long size = base + (index < extra ? 1 : 0);
            result.add(new DatagenPartition(next, next + size));
            next += size;
        }
        return List.copyOf(result);
    }

    @Override
    public PartitionReader createReader(ReaderRequest request) {
        InputPartition partition = request.partition();
        DatagenPartition range = partition instanceof DatagenPartition datagen ? datagen
                : DatagenPartition.fromJson(table.tableName(), partition.json());
        return new DatagenReader(table, range, request.allocator(), request.maxRowsPerBatch());
    }

    @Override
    public Offset offsetFromJson(String json) {
        return DatagenOffset.fromJson(table.tableName(), requireNonNull(json, "json is null"));
    }

    @Override
    public InputPartition partitionFromJson(String json) {
        return DatagenPartition.fromJson(table.tableName(), requireNonNull(json, "json is null"));
    }

    /** The rows available now: all of them without a rate, else those due since the start. */
    private long availableRows() {
        if (table.rowsPerSecond().isEmpty()) {
            return table.numberOfRows().getAsLong();
        }
        long elapsedMillis = Math.max(0, clock.millis() - startTimeMillis());
        long due = rowsDue(elapsedMillis, table.rowsPerSecond().getAsLong());
        return table.numberOfRows().isPresent() ? Math.min(due, table.numberOfRows().getAsLong()) : due;
    }

    /** {@code floor(elapsedMillis * rowsPerSecond / 1000)}, saturating at Long.MAX_VALUE instead of overflowing. */
    static long rowsDue(long elapsedMillis, long rowsPerSecond) {
        try {
            return Math.addExact(Math.multiplyExact(elapsedMillis / 1000, rowsPerSecond),
                    elapsedMillis % 1000 * rowsPerSecond / 1000);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }

    /** The start of the rate: read from log entry 0, or now, published there on the query's first call. */
    private long startTimeMillis() {
        if (startTimeMillis != null) {
            return startTimeMillis;
        }
        if (log == SourceLog.UNAVAILABLE) {
            throw new IllegalStateException("datagen table " + table.tableName() + " has a rate (rows-per-second):"
                    + " its start time lives in the source's log, which only the driver-side source has");
        }
        try {
            Optional<String> entry = log.get(START_TIME_ENTRY);
            if (entry.isEmpty()) {
                // Publish-once: if another run got there first with a different time, publish fails loudly
                // (two runs on one checkpoint). Reading back makes the log, not this call, the one source of truth.
                log.publish(START_TIME_ENTRY, "{\"startTimeMillis\":" + clock.millis() + "}");
                entry = log.get(START_TIME_ENTRY);
                if (entry.isEmpty()) {
                    throw new ConnectorException("datagen table " + table.tableName() + ": entry "
                            + START_TIME_ENTRY + " of the source log is missing right after it was published");
                }
            }
            startTimeMillis = Json.readLongs(table.tableName(), "source log entry " + START_TIME_ENTRY,
                    entry.get(), "startTimeMillis")[0];
            return startTimeMillis;
        } catch (IOException e) {
            throw new ConnectorException("datagen table " + table.tableName() + ": cannot keep its start time in"
                    + " the source log (entry " + START_TIME_ENTRY + "): " + e.getMessage(), e);
        }
    }

    private long rowsOf(Offset offset) {
        requireNonNull(offset, "offset is null");
        return offset instanceof DatagenOffset datagen ? datagen.rows()
                : DatagenOffset.fromJson(table.tableName(), offset.json()).rows();
    }
}
