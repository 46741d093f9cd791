package dev.sluice.executor.aggregate;

import dev.sluice.planner.plan.proto.DataType;
import dev.sluice.state.KeyGroups;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;

/**
 * The fast grouping: TUMBLE, HOP, CUMULATE or no window, with group keys that each fit in a long (BOOLEAN, INT,
 * DATE, BIGINT, TIMESTAMP, DOUBLE). A group's key is a run of longs in a {@link LongKeyTable}: the window start,
 * the window end (CUMULATE only: its windows share starts), one long per group key, and a null mask when a key of
 * 64 bits may be NULL. Keys of 32 bits or fewer hold NULL as {@link #NULL_SENTINEL}, outside their range, so the
 * common shape (window + INT key) is a key of two longs. The key group is computed once per new group, from the
 * same bytes as {@link EncodedGrouping} hashes, so both paths put a group in the same key group.
 */
final class FixedWidthGrouping implements PartialGrouping {
    static final long NULL_SENTINEL = Long.MIN_VALUE;

    private final AggregateLayout layout;
    private final GroupState groups;
    private final LongKeyTable table;
    private final int endPart;
    private final int[] keyPart;
    private final int maskPart;
    private final long[][] columns;
    private final ByteSink hashInput = new ByteSink(64);
    private int[] keyGroupOfGroup = new int[1024];

    FixedWidthGrouping(AggregateLayout layout, GroupState groups, int entryCapacity) {
        this.layout = layout;
        this.groups = groups;
        int parts = 0;
        if (layout.windowed()) {
            parts++; // the start
        }
        this.endPart = layout.cumulate() ? parts++ : -1;
        this.keyPart = new int[layout.keyCount()];
        boolean anyWide = false;
        for (int k = 0; k < keyPart.length; k++) {
            keyPart[k] = parts++;
            anyWide |= !ValueEncoding.isNarrowKind(layout.keyKind(k));
        }
        this.maskPart = anyWide ? parts++ : -1;
        if (anyWide && keyPart.length > 64) {
            throw new IllegalArgumentException("more than 64 group keys");
        }
        this.table = new LongKeyTable(parts);
        this.columns = new long[parts][entryCapacity];
    }

    @Override
    public void assign(ColumnData[] inputs, int[] rows, long[] starts, long[] ends, int count, int[] groupsOut) {
        if (layout.windowed()) {
            System.arraycopy(starts, 0, columns[0], 0, count);
        }
        if (endPart >= 0) {
            System.arraycopy(ends, 0, columns[endPart], 0, count);
        }
        if (maskPart >= 0) {
            Arrays.fill(columns[maskPart], 0, count, 0L);
        }
        for (int k = 0; k < keyPart.length; k++) {
            gatherKey(k, inputs[layout.groupKey(k)], rows, count);
        }
        int before = table.size();
        table.findOrInsert(columns, count, groupsOut);
        int after = table.size();
        if (after > before) {
            if (after > keyGroupOfGroup.length) {
                keyGroupOfGroup = Arrays.copyOf(keyGroupOfGroup, Math.max(after, keyGroupOfGroup.length * 2));
            }
            for (int group = before; group < after; group++) {
                keyGroupOfGroup[group] = keyGroupOf(group);
            }
            groups.growTo(after);
        }
    }

    private void gatherKey(int k, ColumnData column, int[] rows, int count) {
        long[] target = columns[keyPart[k]];
        DataType.Kind kind = layout.keyKind(k);
        boolean narrow = ValueEncoding.isNarrowKind(kind);
        if (kind == DataType.Kind.DOUBLE) {
            double[] values = column.doubles;
            for (int i = 0; i < count; i++) {
                target[i] = ValueEncoding.canonicalDoubleBits(values[rows[i]]);
            }
        } else {
            long[] values = column.longs;
            for (int i = 0; i < count; i++) {
                target[i] = values[rows[i]];
            }
        }
        if (!column.hasNulls) {
            return;
        }
        boolean[] nulls = column.nulls;
        if (narrow) {
            for (int i = 0; i < count; i++) {
                if (nulls[rows[i]]) {
                    target[i] = NULL_SENTINEL;
                }
            }
        } else {
            long[] mask = columns[maskPart];
            long bit = 1L << k;
            for (int i = 0; i < count; i++) {
                if (nulls[rows[i]]) {
                    target[i] = 0;
                    mask[i] |= bit;
                }
            }
        }
    }

    private boolean isNullKey(int group, int k) {
        if (ValueEncoding.isNarrowKind(layout.keyKind(k))) {
            return table.key(group, keyPart[k]) == NULL_SENTINEL;
        }
        return (table.key(group, maskPart) & (1L << k)) != 0;
    }

    /** The key group: the stable hash of the window start and the encoded group keys. */
    private int keyGroupOf(int group) {
        hashInput.reset();
        if (layout.windowed()) {
            ValueEncoding.writeTime(table.key(group, 0), hashInput);
        }
        for (int k = 0; k < keyPart.length; k++) {
            ValueEncoding.encodeLong(layout.keyKind(k), table.key(group, keyPart[k]), isNullKey(group, k), hashInput);
        }
        return KeyGroups.keyGroupOf(StableHash.hash(hashInput.data(), 0, hashInput.size()), layout.keyGroups());
    }

    @Override
    public int groupCount() {
        return table.size();
    }

    @Override
    public boolean isLive(int group) {
        return true;
    }

    @Override
    public void writeGroupColumns(List<FieldVector> vectors, int[] groupIds, int from, int count) {
        IntVector keyGroup = (IntVector) vectors.get(0);
        for (int i = 0; i < count; i++) {
            keyGroup.set(i, keyGroupOfGroup[groupIds[from + i]]);
        }
        if (layout.windowed()) {
            TimeStampMilliVector start = (TimeStampMilliVector) vectors.get(1);
            TimeStampMilliVector end = (TimeStampMilliVector) vectors.get(2);
            long size = layout.window().size();
            for (int i = 0; i < count; i++) {
                int group = groupIds[from + i];
                long windowStart = table.key(group, 0);
                start.set(i, windowStart);
                end.set(i, endPart >= 0 ? table.key(group, endPart) : windowStart + size);
            }
        }
        for (int k = 0; k < keyPart.length; k++) {
            FieldVector vector = vectors.get(layout.firstPartialKeyColumn() + k);
            DataType.Kind kind = layout.keyKind(k);
            for (int i = 0; i < count; i++) {
                int group = groupIds[from + i];
                if (isNullKey(group, k)) {
                    vector.setNull(i);
                } else {
                    ValueEncoding.writeLong(kind, table.key(group, keyPart[k]), vector, i);
                }
            }
        }
    }

    @Override
    public long memoryBytes() {
        return table.memoryBytes() + (long) keyGroupOfGroup.length * Integer.BYTES;
    }

    @Override
    public void clear() {
        table.clear();
    }
}
