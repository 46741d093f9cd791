package dev.sluice.executor.aggregate;

import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * The accumulators of every call for a set of groups, addressed by dense group slots, plus the distinct values of
 * the COUNT(DISTINCT) calls. Both operators keep one: the partial aggregation for its task's groups, the state task
 * for the groups its batch touches.
 *
 * <p>The state value of a group is {@link #FORMAT} followed by each call's {@link Accumulator#encode} in call order.
 */
final class GroupState {
    /** The first byte of every stored accumulator value: its format version. */
    static final int FORMAT = 1;

    private final AggregateLayout layout;
    private final Accumulator[] accumulators;
    private final DistinctValues distinct;
    private final ByteSource source = new ByteSource();
    private int size;
    private int capacity;
    private int[] selectedRows = new int[0];
    private int[] selectedSlots = new int[0];

    GroupState(AggregateLayout layout) {
        this.layout = layout;
        List<CallDefinition> calls = layout.calls();
        this.accumulators = new Accumulator[calls.size()];
        for (int i = 0; i < calls.size(); i++) {
            accumulators[i] = layout.newAccumulator(calls.get(i));
        }
        this.distinct = layout.hasDistinct() ? new DistinctValues() : null;
    }

    int size() {
        return size;
    }

    DistinctValues distinct() {
        return distinct;
    }

    /** A new group with no rows. */
    int newSlot() {
        int slot = size++;
        if (slot >= capacity) {
            capacity = Accumulator.grown(capacity, slot + 1);
            for (Accumulator accumulator : accumulators) {
                accumulator.ensureCapacity(capacity);
            }
        }
        for (Accumulator accumulator : accumulators) {
            accumulator.clear(slot);
        }
        return slot;
    }

    /** Adds new groups until there are {@code slots}. */
    void growTo(int slots) {
        while (size < slots) {
            newSlot();
        }
    }

    void clear(int slot) {
        for (Accumulator accumulator : accumulators) {
            accumulator.clear(slot);
        }
    }

    /** Forgets every group (a partial flush, or the next batch). */
    void reset() {
        size = 0;
        if (distinct != null) {
            distinct.clear();
        }
    }

    long memoryBytes() {
        long bytes = 0;
        for (Accumulator accumulator : accumulators) {
            bytes += accumulator.memoryBytes(size);
        }
        return bytes + (distinct == null ? 0 : distinct.memoryBytes());
    }

    /**
     * Adds input rows: entry {@code i} is row {@code rows[i]} in group {@code slots[i]}. {@code inputs} are the
     * batch's columns by input index (those the calls read), {@code accepted} the rows each input BOOLEAN column
     * accepts as a FILTER (TRUE, not NULL or FALSE), by input index.
     */
    void update(ColumnData[] inputs, boolean[][] accepted, int[] rows, int[] slots, int count) {
        for (int c = 0; c < accumulators.length; c++) {
            CallDefinition call = accumulators[c].call;
            ColumnData argument = call.argument() < 0 ? null : inputs[call.argument()];
            boolean[] filter = call.filter() < 0 ? null : accepted[call.filter()];
            int[] callRows = rows;
            int[] callSlots = slots;
            int callCount = count;
            if (filter != null || (argument != null && argument.hasNulls)) {
                callCount = select(argument, filter, rows, slots, count);
                callRows = selectedRows;
                callSlots = selectedSlots;
            }
            if (call.countsDistinct()) {
                distinct.addColumn(c, argument, callRows, callSlots, callCount);
            } else {
                accumulators[c].update(argument, callRows, callSlots, callCount);
            }
        }
    }

    /** Keeps the entries whose argument is not NULL and whose filter accepts the row. */
    private int select(ColumnData argument, boolean[] filter, int[] rows, int[] slots, int count) {
        if (selectedRows.length < count) {
            selectedRows = new int[count];
            selectedSlots = new int[count];
        }
        boolean[] nulls = argument != null && argument.hasNulls ? argument.nulls : null;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            if ((nulls != null && nulls[row]) || (filter != null && !filter[row])) {
                continue;
            }
            selectedRows[kept] = row;
            selectedSlots[kept] = slots[i];
            kept++;
        }
        return kept;
    }

    /** Writes groups {@code slots[from .. from + count)} as rows 0 .. count-1 of the partial accumulator columns. */
    void writePartial(List<FieldVector> vectors, int[] slots, int from, int count) {
        for (int c = 0; c < accumulators.length; c++) {
            accumulators[c].writePartial(vectors, layout.partialColumnOfCall(c), slots, from, count);
        }
    }

    /** Writes "no rows" into the partial accumulator columns of one row (a row that carries a distinct value). */
    void writeEmptyPartial(List<FieldVector> vectors, int row) {
        for (int c = 0; c < accumulators.length; c++) {
            accumulators[c].writeEmptyPartial(vectors, layout.partialColumnOfCall(c), row);
        }
    }

    /** Merges partial rows into groups: entry {@code i} is partial row {@code rows[i]} for group {@code slots[i]}. */
    void mergePartial(ColumnData[] partialColumns, int[] rows, int[] slots, int count) {
        for (int c = 0; c < accumulators.length; c++) {
            accumulators[c].mergePartial(partialColumns, layout.partialColumnOfCall(c), rows, slots, count);
        }
    }

    /** {@code target} gets the rows of {@code source} (not its distinct values: see DistinctValues#moveAll). */
    void merge(int target, int source) {
        for (Accumulator accumulator : accumulators) {
            accumulator.merge(target, source);
        }
    }

    /** Raises the COUNT(DISTINCT) of call {@code call} of a group by {@code values}. */
    void addDistinctCount(int call, int slot, long values) {
        ((DistinctCountAccumulator) accumulators[call]).add(slot, values);
    }

    /** Sets the COUNT(DISTINCT) of call {@code call} of a group. */
    void setDistinctCount(int call, int slot, long values) {
        ((DistinctCountAccumulator) accumulators[call]).set(slot, values);
    }

    void encode(int slot, ByteSink out) {
        out.writeByte(FORMAT);
        for (Accumulator accumulator : accumulators) {
            accumulator.encode(slot, out);
        }
    }

    /** Reads a stored value into a slot. */
    void decode(int slot, byte[] value) {
        source.reset(value, 0, value.length);
        int format = source.readByte();
        if (format != FORMAT) {
            throw new IllegalStateException("a stored aggregate value has format " + format + ", this version reads "
                    + FORMAT);
        }
        for (Accumulator accumulator : accumulators) {
            accumulator.decode(slot, source);
        }
        if (source.hasRemaining()) {
            throw new IllegalStateException("a stored aggregate value has bytes after its " + accumulators.length
                    + " calls: it was written by a plan with other calls");
        }
    }

    /** Fails with an error naming the call when a result does not fit its type. */
    void checkResults(int slot) {
        for (Accumulator accumulator : accumulators) {
            accumulator.checkResult(slot);
        }
    }

    /** Writes the group's results into row {@code row} of the output vectors, one per call from firstColumn. */
    void writeResults(int slot, List<FieldVector> vectors, int firstColumn, int row) {
        for (int c = 0; c < accumulators.length; c++) {
            accumulators[c].writeResult(slot, vectors.get(firstColumn + c), row);
        }
    }
}
