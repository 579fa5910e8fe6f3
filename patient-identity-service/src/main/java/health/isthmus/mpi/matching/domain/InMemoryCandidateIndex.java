package health.isthmus.mpi.matching.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A {@link CandidateIndex} in hash maps; not thread-safe. */
public final class InMemoryCandidateIndex implements CandidateIndex {

    private final Map<Long, IndexedRecord> records = new HashMap<>();
    private final Map<Long, Set<String>> keysByRecord = new HashMap<>();
    private final Map<String, Set<Long>> recordsByKey = new HashMap<>();
    private final Map<Identifier, Set<Long>> recordsByIdentifier = new HashMap<>();

    @Override
    public void put(IndexedRecord record, Set<String> blockingKeys) {
        remove(record.recordId());
        long id = record.recordId();
        records.put(id, record);
        keysByRecord.put(id, Set.copyOf(blockingKeys));
        for (String key : blockingKeys) {
            recordsByKey.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(id);
        }
        for (Identifier identifier : record.profile().identifiers()) {
            recordsByIdentifier
                    .computeIfAbsent(identifier, k -> new LinkedHashSet<>())
                    .add(id);
        }
    }

    @Override
    public void remove(long recordId) {
        IndexedRecord old = records.remove(recordId);
        if (old == null) {
            return;
        }
        for (String key : keysByRecord.remove(recordId)) {
            removeFrom(recordsByKey, key, recordId);
        }
        for (Identifier identifier : old.profile().identifiers()) {
            removeFrom(recordsByIdentifier, identifier, recordId);
        }
    }

    private static <K> void removeFrom(Map<K, Set<Long>> map, K key, long recordId) {
        Set<Long> ids = map.get(key);
        if (ids != null) {
            ids.remove(recordId);
            if (ids.isEmpty()) {
                map.remove(key);
            }
        }
    }

    @Override
    public List<IndexedRecord> findByIdentifier(Identifier identifier) {
        Set<Long> ids = recordsByIdentifier.getOrDefault(identifier, Set.of());
        List<IndexedRecord> found = new ArrayList<>(ids.size());
        for (Long id : ids) {
            found.add(records.get(id));
        }
        return found;
    }

    @Override
    public Collection<IndexedRecord> findByBlockingKeys(Set<String> keys, int maxBlockSize) {
        Map<Long, IndexedRecord> found = new LinkedHashMap<>();
        for (String key : keys) {
            Set<Long> ids = recordsByKey.get(key);
            if (ids != null && ids.size() <= maxBlockSize) {
                for (Long id : ids) {
                    found.putIfAbsent(id, records.get(id));
                }
            }
        }
        return found.values();
    }

    @Override
    public int size() {
        return records.size();
    }
}
