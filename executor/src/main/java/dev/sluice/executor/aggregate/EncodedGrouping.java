package dev.sluice.executor.aggregate;

import dev.sluice.state.KeyGroups;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;

/**
 * The general grouping for TUMBLE, HOP, CUMULATE or no window: each entry's key is encoded
 * ({@link ValueEncoding}) into {@code [window start][group keys][window end, CUMULATE only]} and looked up in a
 * {@link BytesKeyTable}. Any key type works (VARCHAR, DECIMAL, ...), at the price of encoding and hashing bytes per
 * entry. The key group hashes {@code [window start][group keys]}.
 */
final class EncodedGrouping implements PartialGrouping {
    private final AggregateLayout layout;
    private final GroupState groups;
    private final BytesKeyTable table = new BytesKeyTable();
    private final ByteSink key = new ByteSink(64);
    private final ByteSink scratch = new ByteSink(64);
    private int[] keyGroupOfGroup = new int[1024];

    EncodedGrouping(AggregateLayout layout, GroupState groups) {
        this.layout = layout;
        this.groups = groups;
    }

    @Override
    public void assign(ColumnData[] inputs, int[] rows, long[] starts, long[] ends, int count, int[] groupsOut) {
        boolean windowed = layout.windowed();
        boolean cumulate = layout.cumulate();
        int keys = layout.keyCount();
        for (int i = 0; i < count; i++) {
            key.reset();
            if (windowed) {
                ValueEncoding.writeTime(starts[i], key);
            }
            int row = rows[i];
            for (int k = 0; k < keys; k++) {
                ValueEncoding.encode(inputs[layout.groupKey(k)], row, key);
            }
            int hashed = key.size();
            if (cumulate) {
                ValueEncoding.writeTime(ends[i], key);
            }
            int hash = StableHash.hash(key.data(), 0, key.size());
            int group = table.findOrInsert(key.data(), 0, key.size(), hash);
            if (table.inserted()) {
                if (group >= keyGroupOfGroup.length) {
                    keyGroupOfGroup = Arrays.copyOf(keyGroupOfGroup, keyGroupOfGroup.length * 2);
                }
                int keyHash = cumulate ? StableHash.hash(key.data(), 0, hashed) : hash;
                keyGroupOfGroup[group] = KeyGroups.keyGroupOf(keyHash, layout.keyGroups());
                groups.growTo(group + 1);
            }
            groupsOut[i] = group;
        }
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
        boolean windowed = layout.windowed();
        TimeStampMilliVector start = windowed ? (TimeStampMilliVector) vectors.get(1) : null;
        TimeStampMilliVector end = windowed ? (TimeStampMilliVector) vectors.get(2) : null;
        byte[] arena = table.arena();
        for (int i = 0; i < count; i++) {
            int group = groupIds[from + i];
            keyGroup.set(i, keyGroupOfGroup[group]);
            int position = table.offset(group);
            long windowStart = 0;
            if (windowed) {
                windowStart = ValueEncoding.readTime(arena, position);
                position += 8;
            }
            for (int k = 0; k < layout.keyCount(); k++) {
                position = ValueEncoding.decodeInto(layout.keyKind(k), arena, position,
                        vectors.get(layout.firstPartialKeyColumn() + k), i, scratch);
            }
            if (windowed) {
                start.set(i, windowStart);
                end.set(i, layout.cumulate() ? ValueEncoding.readTime(arena, position)
                        : windowStart + layout.window().size());
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
