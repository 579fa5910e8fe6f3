package health.isthmus.report.external;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The external reports refused because their patient contradicts their order, newest first. */
@Component
public class Refusals {

    /**
     * One refusal.
     *
     * @param sourceMessage {@code <MSH-3>|<MSH-4>|<MSH-10>} of the ORU
     * @param receivedPatient the identifiers the ORU named ({@code AUTH|ID})
     * @param orderPatient the order's patient ({@code AUTH|ID})
     */
    public record Refusal(
            long id,
            String site,
            String accessionNumber,
            String sourceMessage,
            List<String> receivedPatient,
            String orderPatient,
            String reason,
            Instant receivedAt) {}

    private final JdbcClient jdbc;

    public Refusals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Refusal> list(int limit) {
        return jdbc.sql("""
                        select id, site, accession_number, source_message, received_patient, order_patient, reason,
                               received_at
                          from report_refusal order by id desc limit ?
                        """)
                .param(limit)
                .query((rs, row) -> new Refusal(
                        rs.getLong("id"),
                        rs.getString("site"),
                        rs.getString("accession_number"),
                        rs.getString("source_message"),
                        Arrays.asList((String[]) rs.getArray("received_patient").getArray()),
                        rs.getString("order_patient"),
                        rs.getString("reason"),
                        rs.getTimestamp("received_at").toInstant()))
                .list();
    }
}
