package health.isthmus.report.lifecycle;

import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.report.lifecycle.domain.Report;
import health.isthmus.report.lifecycle.domain.ReportStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code report} and {@code report_version} tables. */
@Component
public class Reports {

    private static final String COLUMNS = """
            id, site, accession_number, study_instance_uid, patient_id, issuer_of_patient_id, euid, status, text,
            origin, author, signer, signed_at, created_at, updated_at, version
            """;

    private final JdbcClient jdbc;

    public Reports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new report (its id is assigned) with its first version. */
    public Report insert(Report report, String action, @Nullable String sourceMessage, @Nullable String reason) {
        PatientIdentifier patient = report.patient();
        long id = jdbc.sql("""
                        insert into report (site, accession_number, study_instance_uid, patient_id,
                            issuer_of_patient_id, euid, status, text, origin, author, signer, signed_at,
                            source_message, created_at, updated_at, version)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        returning id
                        """)
                .param(report.site())
                .param(report.accessionNumber())
                .param(report.studyInstanceUid())
                .param(patient == null ? null : patient.value())
                .param(patient == null ? null : patient.assigningAuthority())
                .param(report.euid())
                .param(report.status().code())
                .param(report.text())
                .param(report.origin())
                .param(report.author())
                .param(report.signer())
                .param(timestamp(report.signedAt()))
                .param(sourceMessage)
                .param(Timestamp.from(report.createdAt()))
                .param(Timestamp.from(report.updatedAt()))
                .param(report.version())
                .query(Long.class)
                .single();
        Report stored = new Report(
                id,
                report.site(),
                report.accessionNumber(),
                report.studyInstanceUid(),
                report.patient(),
                report.euid(),
                report.status(),
                report.text(),
                report.origin(),
                report.author(),
                report.signer(),
                report.signedAt(),
                report.createdAt(),
                report.updatedAt(),
                report.version());
        addVersion(stored, action, report.author(), reason);
        return stored;
    }

    /** Stores a changed report (one version after the stored one) and its new version. */
    public Report update(Report report, String action, String changedBy, @Nullable String reason) {
        int updated = jdbc.sql("""
                        update report set status = ?, text = ?, signer = ?, signed_at = ?, updated_at = ?, version = ?
                         where id = ? and version = ?
                        """)
                .param(report.status().code())
                .param(report.text())
                .param(report.signer())
                .param(timestamp(report.signedAt()))
                .param(Timestamp.from(report.updatedAt()))
                .param(report.version())
                .param(report.id())
                .param(report.version() - 1)
                .update();
        if (updated != 1) {
            throw new ReportConflictException("report " + report.id() + " changed meanwhile; read it again");
        }
        addVersion(report, action, changedBy, reason);
        return report;
    }

    /** Stores a report received again from its external system: its text, status and source message. */
    public Report replaceExternal(Report report, String sourceMessage, String changedBy) {
        jdbc.sql("""
                        update report set status = ?, text = ?, signer = ?, signed_at = ?, updated_at = ?, version = ?,
                               source_message = ?
                         where id = ?
                        """)
                .param(report.status().code())
                .param(report.text())
                .param(report.signer())
                .param(timestamp(report.signedAt()))
                .param(Timestamp.from(report.updatedAt()))
                .param(report.version())
                .param(sourceMessage)
                .param(report.id())
                .update();
        addVersion(report, "received", changedBy, null);
        return report;
    }

    private void addVersion(Report report, String action, String changedBy, @Nullable String reason) {
        jdbc.sql("""
                        insert into report_version (report_id, version, status, text, action, changed_by, changed_at,
                            reason)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .param(report.id())
                .param(report.version())
                .param(report.status().code())
                .param(report.text())
                .param(action)
                .param(changedBy)
                .param(Timestamp.from(report.updatedAt()))
                .param(reason)
                .update();
    }

    public Optional<Report> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from report where id = ?")
                .param(id)
                .query(Reports::report)
                .optional();
    }

    /** The report, locked for a change in the caller's transaction. */
    public Optional<Report> lock(long id) {
        return jdbc.sql("select " + COLUMNS + " from report where id = ? for update")
                .param(id)
                .query(Reports::report)
                .optional();
    }

    /** The open (not cancelled) report of an order from the given origin, if any. */
    public Optional<Report> findOpen(@Nullable String site, String accessionNumber, String origin) {
        return jdbc.sql("select " + COLUMNS + """
                         from report
                        where coalesce(site, '') = coalesce(?, '') and accession_number = ? and origin = ?
                          and status <> 'cancelled'
                        for update
                        """)
                .param(site)
                .param(accessionNumber)
                .param(origin)
                .query(Reports::report)
                .optional();
    }

    public List<ReportVersion> versions(long id) {
        return jdbc.sql("""
                        select version, status, text, action, changed_by, changed_at, reason
                          from report_version where report_id = ? order by version
                        """)
                .param(id)
                .query((rs, row) -> new ReportVersion(
                        rs.getInt("version"),
                        rs.getString("status"),
                        rs.getString("text"),
                        rs.getString("action"),
                        rs.getString("changed_by"),
                        rs.getTimestamp("changed_at").toInstant(),
                        rs.getString("reason")))
                .list();
    }

    /** Reports matching the query, most recently changed first. */
    public List<Report> search(ReportQuery query) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from report where true");
        List<Object> params = new ArrayList<>();
        if (query.patient() != null) {
            sql.append(" and patient_id = ? and issuer_of_patient_id = ?");
            params.add(query.patient().value());
            params.add(query.patient().assigningAuthority());
        }
        if (query.euid() != null) {
            sql.append(" and euid = ?");
            params.add(query.euid());
        }
        if (query.accessionNumber() != null) {
            sql.append(" and accession_number = ?");
            params.add(query.accessionNumber());
        }
        if (query.studyInstanceUid() != null) {
            sql.append(" and study_instance_uid = ?");
            params.add(query.studyInstanceUid());
        }
        if (query.site() != null) {
            sql.append(" and site = ?");
            params.add(query.site());
        }
        if (!query.sites().isGlobal()) {
            sql.append(" and site = any(?)");
            params.add(query.sites().sitesOrNull());
        }
        if (!query.statuses().isEmpty()) {
            sql.append(" and status = any(?)");
            params.add(query.statuses().toArray(String[]::new));
        }
        if (query.from() != null) {
            sql.append(" and coalesce(signed_at, updated_at) >= ?");
            params.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" and coalesce(signed_at, updated_at) < ?");
            params.add(Timestamp.from(query.to()));
        }
        sql.append(" order by updated_at desc, id desc limit ?");
        params.add(query.limit());
        return jdbc.sql(sql.toString()).params(params).query(Reports::report).list();
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Report report(ResultSet rs, int row) throws SQLException {
        String patientId = rs.getString("patient_id");
        Timestamp signedAt = rs.getTimestamp("signed_at");
        return new Report(
                rs.getLong("id"),
                rs.getString("site"),
                rs.getString("accession_number"),
                rs.getString("study_instance_uid"),
                patientId == null ? null : new PatientIdentifier(patientId, rs.getString("issuer_of_patient_id"), null),
                rs.getObject("euid", UUID.class),
                ReportStatus.of(rs.getString("status")).orElseThrow(),
                rs.getString("text"),
                rs.getString("origin"),
                rs.getString("author"),
                rs.getString("signer"),
                signedAt == null ? null : signedAt.toInstant(),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"));
    }
}
