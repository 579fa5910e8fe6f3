package health.isthmus.mpi.matching.domain;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Finds the source records an incoming record is compared with: by identifier for the deterministic step, by
 * blocking key for scoring. Kept in memory for tests and benchmarks; the service will keep it in PostgreSQL.
 */
public interface CandidateIndex {

    /** Adds a record, or replaces the one with the same record id (its keys and identity too). */
    void put(IndexedRecord record, Set<String> blockingKeys);

    /** Forgets a record; nothing happens for an unknown id. */
    void remove(long recordId);

    /** The records carrying this identifier of this assigning authority. */
    List<IndexedRecord> findByIdentifier(Identifier identifier);

    /**
     * The distinct records that share at least one of the keys, skipping any key shared by more than
     * {@code maxBlockSize} records.
     */
    Collection<IndexedRecord> findByBlockingKeys(Set<String> keys, int maxBlockSize);

    /** How many records it holds. */
    int size();
}
