package health.isthmus.mpi.matching.domain;

import static health.isthmus.mpi.matching.domain.Records.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InMemoryCandidateIndexTest {

    private static final UUID EUID = new UUID(0, 1);
    private final InMemoryCandidateIndex index = new InMemoryCandidateIndex();

    private IndexedRecord record(long id, UUID euid) {
        return new IndexedRecord(id, euid, patient().id("MRN" + id, "GENHOSP").profile());
    }

    @Test
    void findsRecordsByIdentifierAndByAnySharedKeyOnce() {
        index.put(record(1, EUID), Set.of("a", "b"));
        index.put(record(2, EUID), Set.of("b"));

        assertThat(index.findByIdentifier(new Identifier("MRN1", "GENHOSP")))
                .extracting(IndexedRecord::recordId)
                .containsExactly(1L);
        assertThat(index.findByIdentifier(new Identifier("MRN1", "STMARY"))).isEmpty();
        assertThat(index.findByBlockingKeys(Set.of("a", "b"), 10))
                .extracting(IndexedRecord::recordId)
                .containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void aKeySharedByTooManyRecordsIsSkipped() {
        index.put(record(1, EUID), Set.of("common", "rare"));
        index.put(record(2, EUID), Set.of("common"));
        index.put(record(3, EUID), Set.of("common"));

        assertThat(index.findByBlockingKeys(Set.of("common", "rare"), 2))
                .extracting(IndexedRecord::recordId)
                .containsExactly(1L);
    }

    @Test
    void puttingARecordAgainReplacesItsKeysAndIdentity() {
        UUID merged = new UUID(0, 2);
        index.put(record(1, EUID), Set.of("old"));
        index.put(record(1, merged), Set.of("new"));

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.findByBlockingKeys(Set.of("old"), 10)).isEmpty();
        assertThat(index.findByBlockingKeys(Set.of("new"), 10))
                .singleElement()
                .satisfies(r -> assertThat(r.euid()).isEqualTo(merged));
    }

    @Test
    void aRemovedRecordIsNotFound() {
        index.put(record(1, EUID), Set.of("a"));
        index.remove(1);
        index.remove(99);

        assertThat(index.size()).isZero();
        assertThat(index.findByBlockingKeys(Set.of("a"), 10)).isEmpty();
        assertThat(index.findByIdentifier(new Identifier("MRN1", "GENHOSP"))).isEmpty();
    }
}
