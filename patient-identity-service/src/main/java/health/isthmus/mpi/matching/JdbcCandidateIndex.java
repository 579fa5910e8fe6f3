package health.isthmus.mpi.matching;

import health.isthmus.events.common.PatientDemographics;
import health.isthmus.mpi.matching.domain.CandidateIndex;
import health.isthmus.mpi.matching.domain.Identifier;
import health.isthmus.mpi.matching.domain.IndexedRecord;
import health.isthmus.mpi.matching.domain.MatchProfile;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The candidate index in PostgreSQL: identifiers from {@code patient_identifier}, blocking keys in {@code
 * patient_blocking_key}, demographics and identity read live from {@code source_patient}, so that a record moved to
 * another identity is found under it at once. Merged records are never candidates.
 */
@Repository
public class JdbcCandidateIndex implements CandidateIndex {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final DemographicsTranslator translator;

    public JdbcCandidateIndex(JdbcClient jdbc, JsonMapper json, DemographicsTranslator translator) {
        this.jdbc = jdbc;
        this.json = json;
        this.translator = translator;
    }

    @Override
    public void put(IndexedRecord record, Set<String> blockingKeys) {
        remove(record.recordId());
        jdbc.sql("""
                        insert into patient_blocking_key (blocking_key, source_patient_id)
                        select k, ? from unnest(?::text[]) k on conflict do nothing
                        """)
                .params(record.recordId(), blockingKeys.toArray(String[]::new))
                .update();
    }

    @Override
    public void remove(long recordId) {
        jdbc.sql("delete from patient_blocking_key where source_patient_id = ?")
                .param(recordId)
                .update();
    }

    @Override
    public List<IndexedRecord> findByIdentifier(Identifier identifier) {
        return jdbc.sql("""
                        select sp.id, sp.euid, sp.demographics::text as demographics from source_patient sp
                        join patient_identifier pi on pi.source_patient_id = sp.id
                        where pi.assigning_authority = ? and pi.identifier_value = ? and sp.merged_into is null
                        order by sp.id
                        """)
                .params(identifier.authority(), identifier.value())
                .query(this::indexed)
                .list();
    }

    @Override
    public Collection<IndexedRecord> findByBlockingKeys(Set<String> keys, int maxBlockSize) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        with usable as (
                            select k from unnest(?::text[]) k
                            where (select count(*) from (select 1 from patient_blocking_key b
                                                         where b.blocking_key = k limit ?) limited) <= ?)
                        select sp.id, sp.euid, sp.demographics::text as demographics from source_patient sp
                        where sp.merged_into is null
                          and sp.id in (select b.source_patient_id from patient_blocking_key b
                                        join usable on b.blocking_key = usable.k)
                        order by sp.id
                        """)
                .params(keys.toArray(String[]::new), maxBlockSize + 1, maxBlockSize)
                .query(this::indexed)
                .list();
    }

    @Override
    public int size() {
        return jdbc.sql("select count(distinct source_patient_id) from patient_blocking_key")
                .query(Integer.class)
                .single();
    }

    private IndexedRecord indexed(ResultSet rs, int row) throws SQLException {
        PatientDemographics demographics = json.readValue(rs.getString("demographics"), PatientDemographics.class);
        return new IndexedRecord(
                rs.getLong("id"),
                rs.getObject("euid", UUID.class),
                MatchProfile.of(translator.toMatching(demographics)));
    }
}
