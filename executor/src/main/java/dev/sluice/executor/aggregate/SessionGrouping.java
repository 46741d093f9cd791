package dev.sluice.executor.aggregate;

import dev.sluice.state.KeyGroups;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;

/**
 * SESSION windows in a scan task: rows are grouped by their encoded session keys, and each key's rows pre-merge
 * into sessions {@code [min ts, max ts + gap)} ({@link Sessions}). The key group hashes the session keys only, so
 * that every session of a key, from every task and batch, meets in one state partition to merge there.
 */
final class SessionGrouping implements PartialGrouping {
    private final AggregateLayout layout;
    private final GroupState groups;
    private final Sessions sessions;
    private final BytesKeyTable keys = new BytesKeyTable();
    private final ByteSink key = new ByteSink(64);
    private final ByteSink scratch = new ByteSink(64);
    private int[] keyGroupOfKey = new int[1024];

    SessionGrouping(AggregateLayout layout, GroupState groups) {
        this.layout = layout;
        this.groups = groups;
        this.sessions = new Sessions(groups);
    }

    @Override
    public void assign(ColumnData[] inputs, int[] rows, long[] starts, long[] ends, int count, int[] groupsOut) {
        int keyCount = layout.keyCount();
        for (int i = 0; i < count; i++) {
            key.reset();
            for (int k = 0; k < keyCount; k++) {
                ValueEncoding.encode(inputs[layout.groupKey(k)], rows[i], key);
            }
            int hash = StableHash.hash(key.data(), 0, key.size());
            int keyId = keys.findOrInsert(key.data(), 0, key.size(), hash);
            if (keys.inserted()) {
                if (keyId >= keyGroupOfKey.length) {
                    keyGroupOfKey = Arrays.copyOf(keyGroupOfKey, keyGroupOfKey.length * 2);
                }
                keyGroupOfKey[keyId] = KeyGroups.keyGroupOf(hash, layout.keyGroups());
            }
            groupsOut[i] = sessions.add(keyId, starts[i], ends[i]);
        }
        // A later row of the chunk may have merged the session an earlier row went to.
        for (int i = 0; i < count; i++) {
            groupsOut[i] = sessions.resolve(groupsOut[i]);
        }
    }

    @Override
    public int groupCount() {
        return groups.size();
    }

    @Override
    public boolean isLive(int group) {
        return sessions.isLive(group);
    }

    @Override
    public void writeGroupColumns(List<FieldVector> vectors, int[] groupIds, int from, int count) {
        IntVector keyGroup = (IntVector) vectors.get(0);
        TimeStampMilliVector start = (TimeStampMilliVector) vectors.get(1);
        TimeStampMilliVector end = (TimeStampMilliVector) vectors.get(2);
        byte[] arena = keys.arena();
        for (int i = 0; i < count; i++) {
            int session = groupIds[from + i];
            int keyId = sessions.key(session);
            keyGroup.set(i, keyGroupOfKey[keyId]);
            start.set(i, sessions.start(session));
            end.set(i, sessions.end(session));
            int position = keys.offset(keyId);
            for (int k = 0; k < layout.keyCount(); k++) {
                position = ValueEncoding.decodeInto(layout.keyKind(k), arena, position,
                        vectors.get(layout.firstPartialKeyColumn() + k), i, scratch);
            }
        }
    }

    @Override
    public long memoryBytes() {
        return keys.memoryBytes() + sessions.memoryBytes() + (long) keyGroupOfKey.length * Integer.BYTES;
    }

    @Override
    public void clear() {
        keys.clear();
        sessions.clear();
    }
}
