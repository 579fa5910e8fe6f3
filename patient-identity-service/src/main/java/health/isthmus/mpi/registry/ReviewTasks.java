package health.isthmus.mpi.registry;

import health.isthmus.mpi.matching.domain.Candidate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Possible duplicates waiting for a human, and what was decided about them. */
@Repository
public class ReviewTasks {

    private static final String SELECT = """
            select id, source_patient_id, candidate_record_id, score, explanation::text as explanation, status,
                opened_at, decided_by, decided_at, comment
            from review_task
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public ReviewTasks(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Opens a task asking whether the record is the candidate's person; nothing happens when one was opened for the
     * pair before (decided or not), so a rejected pair is not asked again.
     *
     * @return whether a task was opened
     */
    public boolean open(long recordId, Candidate candidate, Instant at) {
        return jdbc.sql("""
                                insert into review_task (source_patient_id, candidate_record_id, score, explanation,
                                    opened_at)
                                values (?, ?, ?, ?::jsonb, ?)
                                on conflict on constraint review_task_once do nothing
                                """)
                        .params(
                                recordId,
                                candidate.recordId(),
                                candidate.score().total(),
                                json.writeValueAsString(candidate.score()),
                                Timestamp.from(at))
                        .update()
                == 1;
    }

    /** Tasks in a status ({@code open}, {@code linked}, {@code rejected}, {@code withdrawn}), oldest first. */
    public List<ReviewTask> list(String status, long afterId, int limit) {
        return jdbc.sql(SELECT + "where status = ? and id > ? order by id limit ?")
                .params(status, afterId, limit)
                .query(this::task)
                .list();
    }

    /** One task, locked for a decision. */
    public Optional<ReviewTask> lock(long id) {
        return jdbc.sql(SELECT + "where id = ? for update")
                .param(id)
                .query(this::task)
                .optional();
    }

    /** One task. */
    public Optional<ReviewTask> find(long id) {
        return jdbc.sql(SELECT + "where id = ?").param(id).query(this::task).optional();
    }

    /** Records a decision on an open task. */
    public void decide(long id, String status, String decidedBy, @Nullable String comment, Instant at) {
        jdbc.sql("""
                        update review_task set status = ?, decided_by = ?, decided_at = ?, comment = ?
                        where id = ? and status = 'open'
                        """).params(status, decidedBy, Timestamp.from(at), comment, id).update();
    }

    /** Withdraws the open tasks about a record that left the question behind (it was merged or linked). */
    public int withdrawOpen(long recordId, String decidedBy, Instant at) {
        return jdbc.sql("""
                        update review_task set status = 'withdrawn', decided_by = ?, decided_at = ?
                        where status = 'open' and (source_patient_id = ? or candidate_record_id = ?)
                        """)
                .params(decidedBy, Timestamp.from(at), recordId, recordId)
                .update();
    }

    private ReviewTask task(ResultSet rs, int row) throws SQLException {
        Timestamp decidedAt = rs.getTimestamp("decided_at");
        return new ReviewTask(
                rs.getLong("id"),
                rs.getLong("source_patient_id"),
                rs.getLong("candidate_record_id"),
                rs.getDouble("score"),
                json.readTree(rs.getString("explanation")),
                rs.getString("status"),
                rs.getTimestamp("opened_at").toInstant(),
                rs.getString("decided_by"),
                decidedAt == null ? null : decidedAt.toInstant(),
                rs.getString("comment"));
    }

    /**
     * A review task.
     *
     * @param id its id
     * @param recordId the record in question
     * @param candidateRecordId the record of the identity it may belong to
     * @param score the matching score
     * @param explanation the score field by field
     * @param status open, linked, rejected or withdrawn
     * @param openedAt when it was opened
     * @param decidedBy who decided, once decided
     * @param decidedAt when, once decided
     * @param comment the reviewer's comment
     */
    public record ReviewTask(
            long id,
            long recordId,
            long candidateRecordId,
            double score,
            JsonNode explanation,
            String status,
            Instant openedAt,
            @Nullable String decidedBy,
            @Nullable Instant decidedAt,
            @Nullable String comment) {}
}
