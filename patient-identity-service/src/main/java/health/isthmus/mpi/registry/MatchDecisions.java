package health.isthmus.mpi.registry;

import health.isthmus.mpi.matching.domain.MatchDecision;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** What matching decided for each new record, stored with the score and the field-by-field explanation. */
@Repository
public class MatchDecisions {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public MatchDecisions(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Stores a decision; the explanation holds every candidate at or above the review threshold and the best. */
    public void record(long recordId, MatchDecision decision, UUID euid, String writtenBy, Instant at) {
        jdbc.sql("""
                        insert into match_decision (source_patient_id, outcome, deterministic, score, euid, explanation,
                            written_by, decided_at)
                        values (?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                        """)
                .params(
                        recordId,
                        decision.outcome().name(),
                        decision.deterministic(),
                        decision.best() == null ? null : decision.score(),
                        euid,
                        json.writeValueAsString(new Explanation(decision.candidates(), decision.best())),
                        writtenBy,
                        Timestamp.from(at))
                .update();
    }

    /** The decisions about one record, oldest first, as stored (JSON text of the explanation). */
    public List<StoredDecision> of(long recordId) {
        return jdbc.sql("""
                        select outcome, deterministic, score, euid, explanation::text, written_by, decided_at
                        from match_decision where source_patient_id = ? order by id
                        """)
                .param(recordId)
                .query((rs, row) -> new StoredDecision(
                        rs.getString(1),
                        rs.getBoolean(2),
                        rs.getObject(3) == null ? null : rs.getDouble(3),
                        rs.getObject(4, UUID.class),
                        json.readTree(rs.getString(5)),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant()))
                .list();
    }

    /**
     * The stored form of a decision's candidates.
     *
     * @param candidates the identities worth a review, best first
     * @param best the best candidate whatever its score
     */
    public record Explanation(
            List<health.isthmus.mpi.matching.domain.Candidate> candidates,
            health.isthmus.mpi.matching.domain.@org.jspecify.annotations.Nullable Candidate best) {}

    /**
     * A decision as stored.
     *
     * @param outcome LINK, REVIEW or NEW
     * @param deterministic whether an identifier decided it
     * @param score the best score, when a candidate was scored
     * @param euid the identity the record joined or founded
     * @param explanation the candidates with their field-by-field scores
     * @param writtenBy the message or user that caused it
     * @param decidedAt when
     */
    public record StoredDecision(
            String outcome,
            boolean deterministic,
            @org.jspecify.annotations.Nullable Double score,
            UUID euid,
            tools.jackson.databind.JsonNode explanation,
            String writtenBy,
            Instant decidedAt) {}
}
