package dev.sluice.executor.aggregate;

import static java.util.Objects.requireNonNull;

import dev.sluice.executor.expression.ColumnWriter;
import dev.sluice.executor.expression.ExpressionException;
import dev.sluice.executor.operator.Operator;
import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.planner.plan.proto.DataType;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The scan side of an aggregation, one per scan task: drops late rows, assigns windows and pre-aggregates the
 * task's rows per (key group, window, group keys), then emits one partial row per group (the layout is in
 * {@link AggregateLayout}) for the shuffle to route by its key group.
 *
 * <p>Per input batch: the columns it needs are read into arrays once; rows whose event time is below the watermark
 * are dropped and counted (only when the query has event time and the batch a watermark); rows whose window time
 * column is NULL belong to no window and are dropped without being counted as late; then, in chunks of up to
 * {@link #ENTRIES_PER_CHUNK} (row, window) entries, each entry finds its group in a hash table
 * ({@link PartialGrouping}) and the calls update primitive arrays ({@link GroupState}).
 *
 * <p>Memory: the groups are emitted at {@link #finish()}, or as soon as the table and accumulators hold more than
 * the factory's bound (32 MiB by default) after an input batch; the state stage merges the repeated groups. The
 * bound is checked between batches, so one batch of all-new groups can pass it by that batch's groups.
 *
 * <p>Ownership: input batches stay the caller's (nothing refers to them after {@link #addInput} returns); an output
 * batch is valid until the next call on this operator.
 */
public final class PartialAggregateOperator implements Operator {
    static final int ENTRIES_PER_CHUNK = 1 << 16;
    static final int OUTPUT_ROWS = 8192;

    private final AggregateLayout layout;
    private final OperatorContext context;
    private final boolean dropLateRows;
    private final ColumnData[] inputs;
    private final boolean[][] accepted;
    private final int[] filterColumns;
    private final GroupState groups;
    private final PartialGrouping grouping;
    private final VectorSchemaRoot output;
    private final List<FieldVector> outputVectors;
    private final ByteSink scratch = new ByteSink(64);
    private final int rowsPerChunk;
    private int[] selection = new int[0];
    private final int[] entryRows = new int[ENTRIES_PER_CHUNK];
    private final long[] entryStarts = new long[ENTRIES_PER_CHUNK];
    private final long[] entryEnds = new long[ENTRIES_PER_CHUNK];
    private final int[] entryGroups = new int[ENTRIES_PER_CHUNK];
    private long rowsDroppedByWatermark;
    private boolean finishing;
    private boolean emitting;
    private int[] emitGroups = new int[0];
    private int emitCount;
    private int emitPosition;
    private int distinctPosition;
    private final int[] distinctRowGroups = new int[OUTPUT_ROWS];

    PartialAggregateOperator(AggregateLayout layout, OperatorContext context) {
        this.layout = layout;
        this.context = requireNonNull(context, "context is null");
        this.dropLateRows = layout.usesEventTime() && context.watermarkMs() != OperatorContext.NO_WATERMARK;
        List<DataType> types = layout.inputTypes();
        this.inputs = new ColumnData[types.size()];
        this.accepted = new boolean[types.size()][];
        boolean[] isFilter = new boolean[types.size()];
        if (layout.windowed()) {
            use(layout.timeColumn());
        }
        if (layout.usesEventTime()) {
            use(layout.eventTimeColumn());
        }
        for (int k = 0; k < layout.keyCount(); k++) {
            use(layout.groupKey(k));
        }
        int filters = 0;
        for (CallDefinition call : layout.calls()) {
            if (call.argument() >= 0) {
                use(call.argument());
            }
            if (call.filter() >= 0) {
                use(call.filter());
                if (!isFilter[call.filter()]) {
                    isFilter[call.filter()] = true;
                    filters++;
                }
            }
        }
        this.filterColumns = new int[filters];
        for (int column = 0, f = 0; column < isFilter.length; column++) {
            if (isFilter[column]) {
                filterColumns[f++] = column;
            }
        }
        this.groups = new GroupState(layout);
        if (layout.sessions()) {
            this.grouping = new SessionGrouping(layout, groups);
        } else if (layout.fixedWidthKeys()) {
            this.grouping = new FixedWidthGrouping(layout, groups, ENTRIES_PER_CHUNK);
        } else {
            this.grouping = new EncodedGrouping(layout, groups);
        }
        this.rowsPerChunk = Math.max(1, ENTRIES_PER_CHUNK / (layout.windowed() ? layout.window().maxWindowsPerRow()
                : 1));
        this.output = VectorSchemaRoot.create(layout.partialSchema(), context.allocator());
        this.outputVectors = output.getFieldVectors();
    }

    private void use(int column) {
        if (inputs[column] == null) {
            inputs[column] = new ColumnData(layout.inputTypes().get(column).getKind());
        }
    }

    /** Rows this task dropped because their event time was below the batch's watermark. */
    public long rowsDroppedByWatermark() {
        return rowsDroppedByWatermark;
    }

    @Override
    public boolean needsInput() {
        return !finishing && !emitting;
    }

    @Override
    public void addInput(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        if (!needsInput()) {
            throw new IllegalStateException("partial aggregate " + layout.operatorId() + " does not need input now"
                    + " (finishing=" + finishing + ", output pending=" + emitting + ")");
        }
        checkSchema(batch.getSchema());
        int rows = batch.getRowCount();
        if (rows == 0) {
            return;
        }
        for (int column = 0; column < inputs.length; column++) {
            if (inputs[column] != null) {
                inputs[column].read(batch.getVector(column), rows);
            }
        }
        for (int column : filterColumns) {
            accepted[column] = acceptedRows(inputs[column], accepted[column], rows);
        }
        int selected = select(rows);
        try {
            for (int from = 0; from < selected; from += rowsPerChunk) {
                int to = Math.min(selected, from + rowsPerChunk);
                int entries;
                if (layout.windowed()) {
                    entries = layout.window().expand(inputs[layout.timeColumn()].longs, selection, from, to,
                            entryRows, entryStarts, entryEnds);
                } else {
                    entries = to - from;
                    System.arraycopy(selection, from, entryRows, 0, entries);
                }
                grouping.assign(inputs, entryRows, entryStarts, entryEnds, entries, entryGroups);
                groups.update(inputs, accepted, entryRows, entryGroups, entries);
            }
        } catch (ExpressionException | IllegalArgumentException e) {
            throw new ExpressionException("aggregate " + layout.operatorId() + " in query " + context.queryId()
                    + ", batch " + context.batchId() + ", task " + context.taskIndex() + ": " + e.getMessage(), e);
        }
        if (grouping.memoryBytes() + groups.memoryBytes() > layout.partialMemoryBytes()) {
            startEmitting();
        }
    }

    /** Fills {@link #selection} with the rows that have a window and are not late; counts the late ones. */
    private int select(int rows) {
        if (selection.length < rows) {
            selection = new int[ColumnData.capacityFor(rows)];
        }
        ColumnData time = layout.windowed() ? inputs[layout.timeColumn()] : null;
        ColumnData eventTime = dropLateRows ? inputs[layout.eventTimeColumn()] : null;
        long watermark = context.watermarkMs();
        int count = 0;
        long late = 0;
        for (int row = 0; row < rows; row++) {
            if (time != null && time.isNull(row)) {
                continue; // a NULL time belongs to no window: not a late row
            }
            if (eventTime != null && !eventTime.isNull(row) && eventTime.longs[row] < watermark) {
                late++;
                continue;
            }
            selection[count++] = row;
        }
        rowsDroppedByWatermark += late;
        return count;
    }

    private static boolean[] acceptedRows(ColumnData filter, boolean[] previous, int rows) {
        boolean[] accepted = previous != null && previous.length >= rows ? previous
                : new boolean[ColumnData.capacityFor(rows)];
        long[] values = filter.longs;
        for (int row = 0; row < rows; row++) {
            accepted[row] = values[row] != 0 && !filter.isNull(row);
        }
        return accepted;
    }

    private void checkSchema(Schema schema) {
        List<Field> expected = layout.inputSchema().getFields();
        List<Field> actual = schema.getFields();
        if (actual.size() != expected.size()) {
            throw new IllegalArgumentException("aggregate " + layout.operatorId() + " expects " + expected.size()
                    + " input columns " + layout.inputSchema() + ", the batch has " + actual.size() + ": " + schema);
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).getType().equals(actual.get(i).getType())) {
                throw new IllegalArgumentException("aggregate " + layout.operatorId() + ": input column " + i + " '"
                        + expected.get(i).getName() + "' should be " + expected.get(i).getType() + ", the batch has "
                        + actual.get(i).getType());
            }
        }
    }

    private void startEmitting() {
        int groupCount = grouping.groupCount();
        if (emitGroups.length < groupCount) {
            emitGroups = new int[groupCount];
        }
        emitCount = 0;
        for (int group = 0; group < groupCount; group++) {
            if (grouping.isLive(group)) {
                emitGroups[emitCount++] = group;
            }
        }
        emitPosition = 0;
        distinctPosition = 0;
        emitting = true;
    }

    @Override
    public VectorSchemaRoot getOutput() {
        if (!emitting) {
            return null;
        }
        if (emitPosition < emitCount) {
            int rows = Math.min(OUTPUT_ROWS, emitCount - emitPosition);
            prepareOutput(rows);
            grouping.writeGroupColumns(outputVectors, emitGroups, emitPosition, rows);
            groups.writePartial(outputVectors, emitGroups, emitPosition, rows);
            if (layout.hasDistinct()) {
                IntVector distinctCall = (IntVector) outputVectors.get(layout.distinctCallColumn());
                for (int row = 0; row < rows; row++) {
                    distinctCall.set(row, -1);
                    for (CallDefinition call : layout.calls()) {
                        if (call.countsDistinct()) {
                            outputVectors.get(layout.distinctValueColumnOfCall(call.index())).setNull(row);
                        }
                    }
                }
            }
            emitPosition += rows;
            output.setRowCount(rows);
            return output;
        }
        if (layout.hasDistinct() && writeDistinctRows()) {
            return output;
        }
        emitting = false;
        groups.reset();
        grouping.clear();
        return null;
    }

    /** Writes the next rows that carry one COUNT(DISTINCT) value each; false when there are no more. */
    private boolean writeDistinctRows() {
        DistinctValues distinct = groups.distinct();
        int entries = distinct.size();
        int rows = 0;
        int first = distinctPosition;
        while (distinctPosition < entries && rows < OUTPUT_ROWS) {
            int group = distinct.slot(distinctPosition);
            if (grouping.isLive(group)) {
                distinctRowGroups[rows++] = group;
            }
            distinctPosition++;
        }
        if (rows == 0) {
            return false;
        }
        prepareOutput(rows);
        grouping.writeGroupColumns(outputVectors, distinctRowGroups, 0, rows);
        IntVector distinctCall = (IntVector) outputVectors.get(layout.distinctCallColumn());
        int row = 0;
        for (int entry = first; entry < distinctPosition; entry++) {
            if (!grouping.isLive(distinct.slot(entry))) {
                continue;
            }
            groups.writeEmptyPartial(outputVectors, row);
            int call = distinct.call(entry);
            distinctCall.set(row, call);
            for (CallDefinition other : layout.calls()) {
                if (other.countsDistinct() && other.index() != call) {
                    outputVectors.get(layout.distinctValueColumnOfCall(other.index())).setNull(row);
                }
            }
            ValueEncoding.decodeInto(layout.calls().get(call).argumentType().getKind(), distinct.arena(),
                    distinct.valueOffset(entry), outputVectors.get(layout.distinctValueColumnOfCall(call)), row,
                    scratch);
            row++;
        }
        output.setRowCount(rows);
        return true;
    }

    private void prepareOutput(int rows) {
        for (FieldVector vector : outputVectors) {
            ColumnWriter.prepare(vector, rows);
        }
    }

    @Override
    public void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        if (!emitting) {
            startEmitting();
        }
    }

    @Override
    public boolean isFinished() {
        return finishing && !emitting;
    }

    @Override
    public void close() {
        output.close();
    }
}
