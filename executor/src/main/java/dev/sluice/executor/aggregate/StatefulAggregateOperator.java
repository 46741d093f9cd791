package dev.sluice.executor.aggregate;

import static java.util.Objects.requireNonNull;

import dev.sluice.executor.expression.ArrowTypes;
import dev.sluice.executor.expression.ColumnWriter;
import dev.sluice.executor.expression.ExpressionException;
import dev.sluice.executor.operator.Operator;
import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.planner.plan.proto.OutputMode;
import dev.sluice.state.KeyGroups;
import dev.sluice.state.KeyValue;
import dev.sluice.state.KeyValueIterator;
import dev.sluice.state.KeyValueState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The state side of an aggregation, one per state partition and batch, over the partition's state store (loaded
 * at the version before the batch). The key layout is in {@link StateLayout}.
 *
 * <p>{@link #addInput} takes partial batches (from many scan tasks, in map-task order) and merges them into an
 * in-memory table of the groups the batch touches, so the store is read and written once per distinct group, not
 * per row. {@link #finish()} reads each touched group's stored accumulators once, merges, checks the results fit
 * their types, and writes them back (SESSION: merges the batch's sessions of a key with its stored sessions that
 * they overlap or touch, transitively). Then {@link #getOutput} emits, by output mode, in state key order:
 * <ul>
 *   <li>APPEND: the windows (and sessions) with {@code end <= watermark} of the owned key groups, once, and
 *       deletes them; a window that became due without new input is emitted too (the no-data batch).</li>
 *   <li>UPDATE: the groups the batch touched, with their new results; then windows with {@code end <= watermark}
 *       are deleted without output.</li>
 *   <li>COMPLETE: every group of the partition; nothing is deleted.</li>
 * </ul>
 * Windows close only when the aggregate has an event-time column and the batch a watermark; a GROUP BY without a
 * window never closes. Emission and eviction go in chunks of {@link #OUTPUT_ROWS} groups, so a large state is
 * never held in memory: a chunk is one range scan, closed before its deletes are written.
 *
 * <p>After the operator has finished, {@link #counts()} gives the partition's exact row count (from per-key-group
 * counters in the state) and what the batch updated and removed. The caller commits or aborts the store; a replay
 * of the batch on the version before it gives the same output in the same order.
 */
public final class StatefulAggregateOperator implements Operator {
    static final int OUTPUT_ROWS = 8192;

    private enum Phase { INPUT, UPDATED_GROUPS, DUE_WINDOWS, ALL_GROUPS, COUNTERS, DONE }

    private final AggregateLayout layout;
    private final OperatorContext context;
    private final KeyValueState state;
    private final KeyGroups.Range owned;
    private final boolean evicting;
    private final GroupState groups;
    private final BytesKeyTable table = new BytesKeyTable();
    private final Sessions sessions;
    private final ColumnData[] partialColumns;
    private final ByteSink key = new ByteSink(128);
    private final ByteSink value = new ByteSink(128);
    private final ByteSink scratch = new ByteSink(64);
    private final long[] groupCountDelta;
    private final VectorSchemaRoot output;
    private final List<FieldVector> outputVectors;
    private int[] rowSlots = new int[0];
    private int[] accumulatorRows = new int[0];
    private int[] accumulatorSlots = new int[0];
    private long updated;
    private long removed;
    private long updateNanos;
    private Phase phase = Phase.INPUT;
    private final List<byte[]> updatedKeys = new ArrayList<>();
    private final List<byte[]> updatedValues = new ArrayList<>();
    private int updatedPosition;
    private int scanKeyGroup;
    private byte[] resumeKey;
    private int outputSlot = -1;
    private StateOperatorCounts counts;

    StatefulAggregateOperator(AggregateLayout layout, OperatorContext context, KeyValueState state,
            KeyGroups.Range owned) {
        this.layout = layout;
        this.context = context;
        this.state = state;
        this.owned = owned;
        this.evicting = layout.windowed() && layout.usesEventTime()
                && context.watermarkMs() != OperatorContext.NO_WATERMARK;
        this.groups = new GroupState(layout);
        this.sessions = layout.sessions() ? new Sessions(groups) : null;
        List<Field> fields = layout.partialSchema().getFields();
        this.partialColumns = new ColumnData[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            partialColumns[i] = new ColumnData(ArrowTypes.sqlType(fields.get(i).getType(), fields.get(i).getName())
                    .getKind());
        }
        this.groupCountDelta = new long[owned.size()];
        this.output = VectorSchemaRoot.create(layout.outputSchema(), context.allocator());
        this.outputVectors = output.getFieldVectors();
    }

    /** The partition's counts after the batch; known once the operator has finished. */
    public StateOperatorCounts counts() {
        if (counts == null) {
            throw new IllegalStateException("aggregate " + layout.operatorId() + ": counts are known once the"
                    + " operator has finished and its output is drained");
        }
        return counts;
    }

    @Override
    public boolean needsInput() {
        return phase == Phase.INPUT;
    }

    @Override
    public void addInput(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        if (!needsInput()) {
            throw new IllegalStateException("aggregate " + layout.operatorId() + " does not need input after finish()");
        }
        checkSchema(batch.getSchema());
        int rows = batch.getRowCount();
        if (rows == 0) {
            return;
        }
        long started = System.nanoTime();
        for (int column = 0; column < partialColumns.length; column++) {
            partialColumns[column].read(batch.getVector(column), rows);
        }
        if (rowSlots.length < rows) {
            rowSlots = new int[ColumnData.capacityFor(rows)];
            accumulatorRows = new int[rowSlots.length];
            accumulatorSlots = new int[rowSlots.length];
        }
        assignGroups(rows);
        int distinctColumn = layout.distinctCallColumn();
        long[] distinctCalls = distinctColumn < 0 ? null : partialColumns[distinctColumn].longs;
        int accumulatorCount = 0;
        for (int row = 0; row < rows; row++) {
            if (distinctCalls == null || distinctCalls[row] < 0) {
                accumulatorRows[accumulatorCount] = row;
                accumulatorSlots[accumulatorCount] = rowSlots[row];
                accumulatorCount++;
            } else {
                addDistinctValue(row, (int) distinctCalls[row]);
            }
        }
        try {
            groups.mergePartial(partialColumns, accumulatorRows, accumulatorSlots, accumulatorCount);
        } catch (ExpressionException e) {
            throw withContext(e);
        }
        updateNanos += System.nanoTime() - started;
    }

    /** Sets {@link #rowSlots}: the group of each partial row, found or added in the batch's table. */
    private void assignGroups(int rows) {
        long[] keyGroups = partialColumns[0].longs;
        long[] starts = layout.windowed() ? partialColumns[1].longs : null;
        long[] ends = layout.windowed() ? partialColumns[2].longs : null;
        int firstKey = layout.firstPartialKeyColumn();
        for (int row = 0; row < rows; row++) {
            int keyGroup = (int) keyGroups[row];
            if (!owned.contains(keyGroup)) {
                throw new IllegalStateException("aggregate " + layout.operatorId() + " in query " + context.queryId()
                        + ", batch " + context.batchId() + ": a partial row of key group " + keyGroup
                        + " reached the partition of key groups [" + owned.first() + ", " + owned.last() + "]");
            }
            key.reset();
            StateLayout.writeKeyGroup(keyGroup, key);
            if (sessions == null) {
                if (layout.windowed()) {
                    key.writeByte(StateLayout.WINDOW_NAMESPACE);
                    ValueEncoding.writeTime(ends[row], key);
                    ValueEncoding.writeTime(starts[row], key);
                } else {
                    key.writeByte(StateLayout.GROUP_NAMESPACE);
                }
            }
            for (int k = 0; k < layout.keyCount(); k++) {
                ValueEncoding.encode(partialColumns[firstKey + k], row, key);
            }
            int id = table.findOrInsert(key.data(), 0, key.size(), StableHash.hash(key.data(), 0, key.size()));
            if (sessions == null) {
                if (table.inserted() && groups.newSlot() != id) {
                    throw new IllegalStateException("group slots and table ids diverged");
                }
                rowSlots[row] = id;
            } else {
                rowSlots[row] = sessions.add(id, starts[row], ends[row]);
            }
        }
        if (sessions != null) {
            for (int row = 0; row < rows; row++) {
                rowSlots[row] = sessions.resolve(rowSlots[row]);
            }
        }
    }

    private void addDistinctValue(int row, int call) {
        if (call >= layout.calls().size() || !layout.calls().get(call).countsDistinct()) {
            throw new IllegalStateException("aggregate " + layout.operatorId() + ": a partial row names call " + call
                    + ", which is not a COUNT(DISTINCT)");
        }
        scratch.reset();
        ValueEncoding.encode(partialColumns[layout.distinctValueColumnOfCall(call)], row, scratch);
        groups.distinct().add(rowSlots[row], call, scratch.data(), 0, scratch.size());
    }

    private void checkSchema(Schema schema) {
        List<Field> expected = layout.partialSchema().getFields();
        List<Field> actual = schema.getFields();
        boolean matches = actual.size() == expected.size();
        for (int i = 0; matches && i < expected.size(); i++) {
            matches = expected.get(i).getType().equals(actual.get(i).getType());
        }
        if (!matches) {
            throw new IllegalArgumentException("aggregate " + layout.operatorId() + " expects partial batches "
                    + layout.partialSchema() + ", not " + schema);
        }
    }

    @Override
    public void finish() {
        if (phase != Phase.INPUT) {
            return;
        }
        long started = System.nanoTime();
        try {
            if (sessions == null) {
                writeBackGroups();
            } else {
                writeBackSessions();
            }
        } catch (ExpressionException e) {
            throw withContext(e);
        }
        updateNanos += System.nanoTime() - started;
        outputSlot = groups.newSlot();
        scanKeyGroup = owned.first();
        resumeKey = null;
        phase = switch (layout.mode()) {
            case UPDATE -> Phase.UPDATED_GROUPS;
            case APPEND -> evicting ? Phase.DUE_WINDOWS : Phase.COUNTERS;
            case COMPLETE -> Phase.ALL_GROUPS;
            case OUTPUT_MODE_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalStateException("mode " + layout.mode());
        };
    }

    /** Windows and GROUP BY: merge each touched group with its stored accumulators, in key order, and write it. */
    private void writeBackGroups() {
        int[] order = sortedIds();
        int merged = groups.newSlot();
        DistinctValues distinct = groups.distinct();
        byte[] arena = table.arena();
        // Every touched group's stored accumulators in one read before any write (RocksDB's multiGet), rather
        // than a read per group.
        List<byte[]> accumulatorKeys = new ArrayList<>(order.length);
        for (int id : order) {
            int prefixLength = table.length(id);
            byte[] key = Arrays.copyOfRange(arena, table.offset(id), table.offset(id) + prefixLength + 1);
            key[prefixLength] = 0; // ends in ACCUMULATORS (0x00)
            accumulatorKeys.add(key);
        }
        List<byte[]> storedValues = state.getAll(accumulatorKeys);
        for (int position = 0; position < order.length; position++) {
            int id = order[position];
            int prefixLength = table.length(id);
            byte[] prefix = Arrays.copyOfRange(arena, table.offset(id), table.offset(id) + prefixLength);
            if (distinct != null) {
                for (int entry = distinct.first(id); entry >= 0; entry = distinct.next(entry)) {
                    byte[] distinctKey = distinctKey(prefix, distinct, entry);
                    if (state.get(distinctKey) == null) {
                        state.put(distinctKey, StateLayout.EMPTY);
                        groups.addDistinctCount(distinct.call(entry), id, 1);
                    }
                }
            }
            byte[] accumulatorKey = accumulatorKeys.get(position);
            byte[] stored = storedValues.get(position);
            groups.clear(merged);
            if (stored != null) {
                decode(merged, stored, accumulatorKey);
            } else {
                groupCountDelta[StateLayout.keyGroupOf(prefix, 0) - owned.first()]++;
            }
            groups.merge(merged, id);
            groups.checkResults(merged);
            byte[] encoded = encode(merged);
            state.put(accumulatorKey, encoded);
            updated++;
            if (layout.mode() == OutputMode.UPDATE) {
                updatedKeys.add(accumulatorKey);
                updatedValues.add(encoded);
            }
        }
    }

    /**
     * Sessions: for each touched key (in key order), load the stored sessions that the batch's sessions overlap or
     * touch (transitively), merge them in, delete them, and write the key's resulting sessions.
     */
    private void writeBackSessions() {
        int[] order = sortedIds();
        DistinctValues distinct = groups.distinct();
        List<KeyValue> updatedSessions = new ArrayList<>();
        for (int keyId : order) {
            byte[] arena = table.arena();
            int keyGroup = StateLayout.keyGroupOf(arena, table.offset(keyId));
            byte[] keys = Arrays.copyOfRange(arena, table.offset(keyId) + 2, table.offset(keyId) + table.length(keyId));
            List<long[]> stored = storedSessions(keyGroup, keys);
            boolean[] loaded = new boolean[stored.size()];
            int loadedCount = 0;
            boolean progress = true;
            while (progress) {
                progress = false;
                for (int i = 0; i < stored.size(); i++) {
                    long start = stored.get(i)[0];
                    long end = stored.get(i)[1];
                    if (!loaded[i] && sessions.overlapsLive(keyId, start, end)) {
                        loadStoredSession(keyId, keyGroup, keys, start, end);
                        loaded[i] = true;
                        loadedCount++;
                        progress = true;
                    }
                }
            }
            int liveCount = 0;
            int unchangedBounds = 0;
            for (int session = sessions.first(keyId); session >= 0; session = sessions.next(session)) {
                liveCount++;
                long start = sessions.start(session);
                long end = sessions.end(session);
                for (int i = 0; i < stored.size(); i++) {
                    if (loaded[i] && stored.get(i)[0] == start && stored.get(i)[1] == end) {
                        unchangedBounds++;
                    }
                }
                if (distinct != null) {
                    for (CallDefinition call : layout.calls()) {
                        if (call.countsDistinct()) {
                            groups.setDistinctCount(call.index(), session,
                                    distinct.count(session, call.index()));
                        }
                    }
                }
                groups.checkResults(session);
                byte[] prefix = windowPrefix(keyGroup, end, start, keys);
                byte[] accumulatorKey = Arrays.copyOf(prefix, prefix.length + 1);
                byte[] encoded = encode(session);
                state.put(accumulatorKey, encoded);
                state.put(sessionIndexKey(keyGroup, keys, start), StateLayout.longValue(end));
                if (distinct != null) {
                    for (int entry = distinct.first(session); entry >= 0; entry = distinct.next(entry)) {
                        state.put(distinctKey(prefix, distinct, entry), StateLayout.EMPTY);
                    }
                }
                updated++;
                if (layout.mode() == OutputMode.UPDATE) {
                    updatedSessions.add(new KeyValue(accumulatorKey, encoded));
                }
            }
            removed += loadedCount - unchangedBounds;
            groupCountDelta[keyGroup - owned.first()] += liveCount - loadedCount;
        }
        // sessions are emitted in state key order (window end first), like every other emission
        updatedSessions.sort((left, right) -> Arrays.compareUnsigned(left.key(), right.key()));
        for (KeyValue session : updatedSessions) {
            updatedKeys.add(session.key());
            updatedValues.add(session.value());
        }
    }

    /** The stored sessions of a key, {start, end} in start order, from the session index. */
    private List<long[]> storedSessions(int keyGroup, byte[] keys) {
        key.reset();
        StateLayout.writeKeyGroup(keyGroup, key);
        key.writeByte(StateLayout.SESSION_INDEX_NAMESPACE);
        key.writeBytes(keys, 0, keys.length);
        int prefixLength = key.size();
        List<long[]> stored = new ArrayList<>();
        try (KeyValueIterator scan = state.prefixScan(key.toByteArray())) {
            while (scan.hasNext()) {
                KeyValue entry = scan.next();
                if (entry.key().length != prefixLength + 8) {
                    throw new IllegalStateException("aggregate " + layout.operatorId() + ": a session index key of "
                            + entry.key().length + " bytes, expected " + (prefixLength + 8));
                }
                long start = ValueEncoding.readTime(entry.key(), prefixLength);
                stored.add(new long[] {start, StateLayout.readLongValue(entry.value(), "a session end")});
            }
        }
        return stored;
    }

    /** Merges a stored session (and its distinct values) into the live session it overlaps, then deletes it. */
    private void loadStoredSession(int keyId, int keyGroup, byte[] keys, long start, long end) {
        byte[] prefix = windowPrefix(keyGroup, end, start, keys);
        byte[] accumulatorKey = Arrays.copyOf(prefix, prefix.length + 1);
        byte[] stored = state.get(accumulatorKey);
        if (stored == null) {
            throw new IllegalStateException("aggregate " + layout.operatorId() + ": the session index names a session"
                    + " [" + start + ", " + end + ") of key group " + keyGroup + " whose accumulators are missing");
        }
        int loaded = groups.newSlot();
        decode(loaded, stored, accumulatorKey);
        int target = sessions.add(keyId, start, end);
        groups.merge(target, loaded);
        List<byte[]> deletes = new ArrayList<>();
        deletes.add(accumulatorKey);
        deletes.add(sessionIndexKey(keyGroup, keys, start));
        if (groups.distinct() != null) {
            byte[] distinctPrefix = Arrays.copyOf(prefix, prefix.length + 1);
            distinctPrefix[prefix.length] = StateLayout.DISTINCT_VALUE;
            try (KeyValueIterator scan = state.prefixScan(distinctPrefix)) {
                while (scan.hasNext()) {
                    byte[] distinctKey = scan.next().key();
                    int call = ByteSink.getShort(distinctKey, distinctPrefix.length);
                    int valueAt = distinctPrefix.length + 2;
                    groups.distinct().add(target, call, distinctKey, valueAt, distinctKey.length - valueAt);
                    deletes.add(distinctKey);
                }
            }
        }
        for (byte[] delete : deletes) {
            state.delete(delete);
        }
    }

    private byte[] windowPrefix(int keyGroup, long end, long start, byte[] keys) {
        key.reset();
        StateLayout.writeKeyGroup(keyGroup, key);
        key.writeByte(StateLayout.WINDOW_NAMESPACE);
        ValueEncoding.writeTime(end, key);
        ValueEncoding.writeTime(start, key);
        key.writeBytes(keys, 0, keys.length);
        return key.toByteArray();
    }

    private byte[] sessionIndexKey(int keyGroup, byte[] keys, long start) {
        key.reset();
        StateLayout.writeKeyGroup(keyGroup, key);
        key.writeByte(StateLayout.SESSION_INDEX_NAMESPACE);
        key.writeBytes(keys, 0, keys.length);
        ValueEncoding.writeTime(start, key);
        return key.toByteArray();
    }

    private static byte[] distinctKey(byte[] prefix, DistinctValues distinct, int entry) {
        int length = distinct.valueLength(entry);
        byte[] distinctKey = new byte[prefix.length + 3 + length];
        System.arraycopy(prefix, 0, distinctKey, 0, prefix.length);
        distinctKey[prefix.length] = StateLayout.DISTINCT_VALUE;
        int call = distinct.call(entry);
        distinctKey[prefix.length + 1] = (byte) (call >>> 8);
        distinctKey[prefix.length + 2] = (byte) call;
        System.arraycopy(distinct.arena(), distinct.valueOffset(entry), distinctKey, prefix.length + 3, length);
        return distinctKey;
    }

    /** The table's ids in the order of their keys (state key order). */
    private int[] sortedIds() {
        int size = table.size();
        int[] ids = new int[size];
        int[] buffer = new int[size];
        for (int i = 0; i < size; i++) {
            ids[i] = i;
        }
        mergeSort(ids, buffer, 0, size);
        return ids;
    }

    private void mergeSort(int[] ids, int[] buffer, int from, int to) {
        if (to - from < 2) {
            return;
        }
        int middle = (from + to) >>> 1;
        mergeSort(ids, buffer, from, middle);
        mergeSort(ids, buffer, middle, to);
        if (table.compare(ids[middle - 1], ids[middle]) <= 0) {
            return;
        }
        System.arraycopy(ids, from, buffer, from, to - from);
        int left = from;
        int right = middle;
        for (int at = from; at < to; at++) {
            if (right >= to || (left < middle && table.compare(buffer[left], buffer[right]) <= 0)) {
                ids[at] = buffer[left++];
            } else {
                ids[at] = buffer[right++];
            }
        }
    }

    private void decode(int slot, byte[] stored, byte[] storedKey) {
        try {
            groups.decode(slot, stored);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("aggregate " + layout.operatorId() + ": cannot read the stored"
                    + " accumulators of key " + hex(storedKey) + ": " + e.getMessage(), e);
        }
    }

    private byte[] encode(int slot) {
        value.reset();
        groups.encode(slot, value);
        return value.toByteArray();
    }

    @Override
    public VectorSchemaRoot getOutput() {
        while (true) {
            switch (phase) {
                case INPUT, DONE -> {
                    return null;
                }
                case UPDATED_GROUPS -> {
                    if (updatedPosition < updatedKeys.size()) {
                        return writeUpdatedGroups();
                    }
                    phase = evicting ? Phase.DUE_WINDOWS : Phase.COUNTERS;
                }
                case DUE_WINDOWS -> {
                    boolean emit = layout.mode() == OutputMode.APPEND;
                    int rows = scanDueWindows(emit);
                    if (scanKeyGroup > owned.last()) {
                        phase = Phase.COUNTERS;
                    }
                    if (emit && rows > 0) {
                        output.setRowCount(rows);
                        return output;
                    }
                }
                case ALL_GROUPS -> {
                    int rows = scanAllGroups();
                    if (rows > 0) {
                        output.setRowCount(rows);
                        return output;
                    }
                    phase = Phase.COUNTERS;
                }
                case COUNTERS -> {
                    writeCounters();
                    phase = Phase.DONE;
                    return null;
                }
            }
        }
    }

    private VectorSchemaRoot writeUpdatedGroups() {
        int rows = Math.min(OUTPUT_ROWS, updatedKeys.size() - updatedPosition);
        prepareOutput(rows);
        for (int row = 0; row < rows; row++) {
            byte[] groupKey = updatedKeys.get(updatedPosition + row);
            writeRow(groupKey, updatedValues.get(updatedPosition + row), row);
        }
        updatedPosition += rows;
        output.setRowCount(rows);
        return output;
    }

    /**
     * Deletes (and with {@code emit} writes as output rows) the next due windows of the owned key groups: at most
     * {@link #OUTPUT_ROWS} groups, each chunk one range scan that is closed before its deletes are written.
     */
    private int scanDueWindows(boolean emit) {
        int rows = 0;
        if (emit) {
            prepareOutput(OUTPUT_ROWS);
        }
        long watermark = context.watermarkMs();
        while (scanKeyGroup <= owned.last() && rows < OUTPUT_ROWS) {
            byte[] from = resumeKey != null ? StateLayout.successor(resumeKey) : StateLayout.windowsFrom(scanKeyGroup);
            byte[] to = StateLayout.dueWindowsTo(scanKeyGroup, watermark);
            List<byte[]> deletes = new ArrayList<>();
            boolean exhausted = true;
            try (KeyValueIterator scan = state.rangeScan(from, to)) {
                while (scan.hasNext()) {
                    KeyValue entry = scan.next();
                    byte[] stateKey = entry.key();
                    deletes.add(stateKey);
                    int kindAt = keysEnd(stateKey, StateLayout.WINDOW_KEYS_START);
                    if (stateKey[kindAt] != StateLayout.ACCUMULATORS) {
                        continue;
                    }
                    if (emit) {
                        writeRow(stateKey, entry.value(), rows);
                    }
                    if (sessions != null) {
                        deletes.add(sessionIndexKey(scanKeyGroup,
                                Arrays.copyOfRange(stateKey, StateLayout.WINDOW_KEYS_START, kindAt),
                                ValueEncoding.readTime(stateKey, 11)));
                    }
                    removed++;
                    groupCountDelta[scanKeyGroup - owned.first()]--;
                    rows++;
                    if (rows >= OUTPUT_ROWS) {
                        resumeKey = stateKey;
                        exhausted = false;
                        break;
                    }
                }
            }
            for (byte[] delete : deletes) {
                state.delete(delete);
            }
            if (exhausted) {
                scanKeyGroup++;
                resumeKey = null;
            }
        }
        return rows;
    }

    /** Writes the next groups of the owned key groups as output rows (COMPLETE); 0 when there are no more. */
    private int scanAllGroups() {
        if (scanKeyGroup > owned.last()) {
            return 0;
        }
        prepareOutput(OUTPUT_ROWS);
        byte[] from = resumeKey != null ? StateLayout.successor(resumeKey) : StateLayout.keyGroupFrom(owned.first());
        byte[] to = StateLayout.keyGroupFrom(owned.last() + 1);
        int rows = 0;
        boolean exhausted = true;
        try (KeyValueIterator scan = state.rangeScan(from, to)) {
            while (scan.hasNext()) {
                KeyValue entry = scan.next();
                byte[] stateKey = entry.key();
                int namespace = stateKey[2];
                if (namespace != StateLayout.WINDOW_NAMESPACE && namespace != StateLayout.GROUP_NAMESPACE) {
                    continue;
                }
                int kindAt = keysEnd(stateKey, namespace == StateLayout.WINDOW_NAMESPACE
                        ? StateLayout.WINDOW_KEYS_START : StateLayout.GROUP_KEYS_START);
                if (stateKey[kindAt] != StateLayout.ACCUMULATORS) {
                    continue;
                }
                writeRow(stateKey, entry.value(), rows);
                rows++;
                if (rows >= OUTPUT_ROWS) {
                    resumeKey = stateKey;
                    exhausted = false;
                    break;
                }
            }
        }
        if (exhausted) {
            scanKeyGroup = owned.last() + 1;
        }
        return rows;
    }

    /** The position after the group keys that start at {@code at}: the entry-kind byte. */
    private int keysEnd(byte[] stateKey, int at) {
        int position = at;
        for (int k = 0; k < layout.keyCount(); k++) {
            position = ValueEncoding.skip(layout.keyKind(k), stateKey, position);
        }
        return position;
    }

    /** Writes the group of an accumulator entry (its key and stored value) as output row {@code row}. */
    private void writeRow(byte[] stateKey, byte[] storedValue, int row) {
        int position;
        if (layout.windowed()) {
            long end = ValueEncoding.readTime(stateKey, 3);
            long start = ValueEncoding.readTime(stateKey, 11);
            ((TimeStampMilliVector) outputVectors.get(0)).setSafe(row, start);
            ((TimeStampMilliVector) outputVectors.get(1)).setSafe(row, end);
            ((TimeStampMilliVector) outputVectors.get(2)).setSafe(row, end - 1);
            position = StateLayout.WINDOW_KEYS_START;
        } else {
            position = StateLayout.GROUP_KEYS_START;
        }
        for (int k = 0; k < layout.keyCount(); k++) {
            position = ValueEncoding.decodeInto(layout.keyKind(k), stateKey, position,
                    outputVectors.get(layout.firstOutputKeyColumn() + k), row, scratch);
        }
        groups.clear(outputSlot);
        decode(outputSlot, storedValue, stateKey);
        groups.writeResults(outputSlot, outputVectors, layout.firstOutputCallColumn(), row);
    }

    private void prepareOutput(int rows) {
        for (FieldVector vector : outputVectors) {
            ColumnWriter.prepare(vector, rows);
        }
    }

    /** Applies the batch's change of each owned key group's row count, then sums the partition's counters. */
    private void writeCounters() {
        for (int i = 0; i < groupCountDelta.length; i++) {
            if (groupCountDelta[i] == 0) {
                continue;
            }
            byte[] counterKey = StateLayout.counterKey(owned.first() + i);
            byte[] stored = state.get(counterKey);
            long count = (stored == null ? 0 : StateLayout.readLongValue(stored, "a row counter")) + groupCountDelta[i];
            if (count < 0) {
                throw new IllegalStateException("aggregate " + layout.operatorId() + ": the row count of key group "
                        + (owned.first() + i) + " would become " + count + ": the state is inconsistent");
            }
            if (count == 0) {
                state.delete(counterKey);
            } else {
                state.put(counterKey, StateLayout.longValue(count));
            }
        }
        long total = 0;
        try (KeyValueIterator scan = state.rangeScan(StateLayout.counterKey(owned.first()),
                StateLayout.counterKey(owned.last() + 1))) {
            while (scan.hasNext()) {
                total += StateLayout.readLongValue(scan.next().value(), "a row counter");
            }
        }
        counts = new StateOperatorCounts(total, updated, removed, updateNanos);
    }

    private RuntimeException withContext(ExpressionException e) {
        return new ExpressionException("aggregate " + layout.operatorId() + " in query " + context.queryId()
                + ", batch " + context.batchId() + ", key groups [" + owned.first() + ", " + owned.last() + "]: "
                + e.getMessage(), e);
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            text.append(Character.forDigit((b >>> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return text.toString();
    }

    @Override
    public boolean isFinished() {
        return phase == Phase.DONE;
    }

    @Override
    public void close() {
        output.close();
    }

}
