package health.isthmus.report.study;

import health.isthmus.events.archive.ArchiveStudyEvent;
import health.isthmus.events.archive.ArchivedStudy;
import health.isthmus.events.archive.InstanceStored;
import health.isthmus.events.archive.StudyDeleted;
import health.isthmus.events.archive.StudyStable;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.platform.security.SiteScope;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code stored_study} read model of the archive's study events, and the reading worklist drawn from it: stored
 * studies (filed, not held for reconciliation) without a signed report (final, amended or corrected) for their
 * accession number or study.
 */
@Component
public class StoredStudies {

    private final JdbcClient jdbc;
    private final Clock clock;

    public StoredStudies(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Applies one archive event; runs in the inbox's transaction. */
    public void apply(ArchiveStudyEvent event) {
        ArchivedStudy study = event.study();
        if (event instanceof StudyDeleted) {
            jdbc.sql("delete from stored_study where study_instance_uid = ?")
                    .param(study.studyInstanceUid())
                    .update();
            return;
        }
        Instant now = clock.instant();
        Instant first = event instanceof InstanceStored stored ? stored.storedAt() : now;
        PatientIdentifier patient = study.patient();
        jdbc.sql("""
                        insert into stored_study (study_instance_uid, site, accession_number, patient_id,
                            issuer_of_patient_id, euid, filing, modalities, number_of_series, number_of_instances,
                            first_instance_at, stable_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (study_instance_uid) do update
                           set site = excluded.site, accession_number = excluded.accession_number,
                               patient_id = excluded.patient_id, issuer_of_patient_id = excluded.issuer_of_patient_id,
                               euid = excluded.euid, filing = excluded.filing, modalities = excluded.modalities,
                               number_of_series = excluded.number_of_series,
                               number_of_instances = excluded.number_of_instances,
                               stable_at = coalesce(excluded.stable_at, stored_study.stable_at),
                               updated_at = excluded.updated_at
                        """)
                .param(study.studyInstanceUid())
                .param(study.site())
                .param(study.accessionNumber())
                .param(patient == null ? null : patient.value())
                .param(patient == null ? null : patient.assigningAuthority())
                .param(study.euid())
                .param(study.filing())
                .param(study.modalities().toArray(String[]::new))
                .param(study.numberOfSeries())
                .param(study.numberOfInstances())
                .param(Timestamp.from(first))
                .param(event instanceof StudyStable stable ? Timestamp.from(stable.lastInstanceAt()) : null)
                .param(Timestamp.from(now))
                .update();
    }

    /**
     * A study waiting to be read.
     *
     * @param reportId the study's open report (draft or preliminary), if one was started
     * @param reportStatus that report's status
     * @param stableAt when the archive found the study complete, if it has
     */
    public record UnreadStudy(
            String studyInstanceUid,
            @Nullable String site,
            @Nullable String accessionNumber,
            @Nullable PatientIdentifier patient,
            @Nullable UUID euid,
            List<String> modalities,
            int numberOfSeries,
            int numberOfInstances,
            Instant firstInstanceAt,
            @Nullable Instant stableAt,
            @Nullable Long reportId,
            @Nullable String reportStatus) {}

    /** Stored studies of the given sites without a signed report, oldest first; only stable ones when asked. */
    public List<UnreadStudy> unread(boolean stableOnly, @Nullable String site, SiteScope sites, int limit) {
        return jdbc.sql("""
                        select s.*, r.id as report_id, r.status as report_status
                          from stored_study s
                          left join lateral (
                                select id, status from report r
                                 where r.status <> 'cancelled'
                                   and (r.study_instance_uid = s.study_instance_uid
                                        or (s.accession_number is not null and r.accession_number = s.accession_number
                                            and coalesce(r.site, '') = coalesce(s.site, r.site, '')))
                                 order by (r.status in ('final', 'amended', 'corrected')) desc, r.id desc
                                 limit 1) r on true
                         where s.filing = 'FILED'
                           and (r.status is null or r.status not in ('final', 'amended', 'corrected'))
                           and (not ? or s.stable_at is not null)
                           and (cast(? as text) is null or s.site = ?)
                           and (cast(? as text[]) is null or s.site = any(?))
                         order by s.first_instance_at, s.study_instance_uid
                         limit ?
                        """)
                .param(stableOnly)
                .param(site)
                .param(site)
                .param(sites.sitesOrNull())
                .param(sites.sitesOrNull())
                .param(limit)
                .query((rs, row) -> {
                    String patientId = rs.getString("patient_id");
                    Timestamp stable = rs.getTimestamp("stable_at");
                    long reportId = rs.getLong("report_id");
                    boolean noReport = rs.wasNull();
                    return new UnreadStudy(
                            rs.getString("study_instance_uid"),
                            rs.getString("site"),
                            rs.getString("accession_number"),
                            patientId == null
                                    ? null
                                    : new PatientIdentifier(patientId, rs.getString("issuer_of_patient_id"), null),
                            rs.getObject("euid", UUID.class),
                            Arrays.asList((String[]) rs.getArray("modalities").getArray()),
                            rs.getInt("number_of_series"),
                            rs.getInt("number_of_instances"),
                            rs.getTimestamp("first_instance_at").toInstant(),
                            stable == null ? null : stable.toInstant(),
                            noReport ? null : reportId,
                            rs.getString("report_status"));
                })
                .list();
    }
}
