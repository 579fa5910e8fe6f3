package health.isthmus.mpi.registry;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every A40 merge with what it moved, so that an administrator can undo it. */
@Repository
public class Merges {

    private final JdbcClient jdbc;

    public Merges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a merge and returns its id. */
    public long record(
            long survivorId, long retiredId, UUID retiredEuid, List<Long> movedIds, String cause, Instant at) {
        return jdbc.sql("""
                        insert into patient_merge (survivor_patient_id, retired_patient_id, retired_euid,
                            moved_patient_ids, cause, merged_at)
                        values (?, ?, ?, ?, ?, ?) returning id
                        """)
                .params(survivorId, retiredId, retiredEuid, movedIds.toArray(Long[]::new), cause, Timestamp.from(at))
                .query(Long.class)
                .single();
    }

    /** One merge, locked for an unmerge. */
    public Optional<Merge> lock(long id) {
        return jdbc.sql("""
                        select id, survivor_patient_id, retired_patient_id, retired_euid, moved_patient_ids, cause,
                            merged_at, undone_by
                        from patient_merge where id = ? for update
                        """).param(id).query((rs, row) -> merge(rs)).optional();
    }

    private static Merge merge(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Merge(
                rs.getLong(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getObject(4, UUID.class),
                Arrays.asList((Long[]) rs.getArray(5).getArray()),
                rs.getString(6),
                rs.getTimestamp(7).toInstant(),
                rs.getString(8));
    }

    /** The merges into these survivors, undone ones included, oldest first. */
    public List<Merge> intoSurvivors(List<Long> survivorIds) {
        return jdbc.sql("""
                        select id, survivor_patient_id, retired_patient_id, retired_euid, moved_patient_ids, cause,
                            merged_at, undone_by
                        from patient_merge where survivor_patient_id = any(?) order by id
                        """)
                .param(survivorIds.toArray(Long[]::new))
                .query((rs, row) -> merge(rs))
                .list();
    }

    /** Marks a merge undone. */
    public void undo(long id, String by, Instant at) {
        jdbc.sql("update patient_merge set undone_by = ?, undone_at = ? where id = ?")
                .params(by, Timestamp.from(at), id)
                .update();
    }

    /**
     * A recorded merge.
     *
     * @param id its id
     * @param survivorId the surviving record
     * @param retiredId the merged record
     * @param retiredEuid the identity the merged record had before
     * @param movedIds other records moved from that identity to the survivor's
     * @param cause the merge message
     * @param mergedAt when
     * @param undoneBy who undid it, if someone did
     */
    public record Merge(
            long id,
            long survivorId,
            long retiredId,
            UUID retiredEuid,
            List<Long> movedIds,
            String cause,
            Instant mergedAt,
            @Nullable String undoneBy) {}
}
