package health.isthmus.worklist.arrival;

import health.isthmus.events.archive.ArchiveStudyEvent;
import health.isthmus.events.archive.ArchivedStudy;
import health.isthmus.events.archive.InstanceStored;
import health.isthmus.events.archive.StudyDeleted;
import health.isthmus.events.archive.StudyStable;
import health.isthmus.worklist.scheduling.ProcedureSteps;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Follows the archive's study events ({@code archive.study.v1}): keeps {@code study_arrival} current and notes in the
 * history of the steps scheduled for the study (same Study Instance UID, or same site and accession number) when its
 * first images arrived, when it became stable and when it was deleted. Steps themselves do not change: the modality
 * reports progress through MPPS.
 */
@Component
public class StudyArrivals {

    private final JdbcClient jdbc;
    private final ProcedureSteps steps;
    private final Clock clock;

    public StudyArrivals(JdbcClient jdbc, ProcedureSteps steps, Clock clock) {
        this.jdbc = jdbc;
        this.steps = steps;
        this.clock = clock;
    }

    /** Applies one event; runs in the inbox's transaction. */
    public void apply(ArchiveStudyEvent event) {
        ArchivedStudy study = event.study();
        String cause = "archive " + event.getClass().getSimpleName();
        Instant now = clock.instant();
        if (event instanceof StudyDeleted deleted) {
            int removed = jdbc.sql("delete from study_arrival where study_instance_uid = ?")
                    .param(study.studyInstanceUid())
                    .update();
            if (removed > 0) {
                note(study, now, "images deleted", cause, Map.of("reason", deleted.reason()));
            }
            return;
        }
        Instant at = event instanceof InstanceStored stored ? stored.storedAt() : now;
        boolean first = jdbc.sql("""
                        insert into study_arrival (study_instance_uid, site, accession_number, filing, modalities,
                            number_of_series, number_of_instances, first_instance_at, last_event_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (study_instance_uid) do update
                           set site = excluded.site, accession_number = excluded.accession_number,
                               filing = excluded.filing, modalities = excluded.modalities,
                               number_of_series = excluded.number_of_series,
                               number_of_instances = excluded.number_of_instances,
                               last_event_at = excluded.last_event_at
                        returning (xmax = 0)
                        """)
                .param(study.studyInstanceUid())
                .param(study.site())
                .param(study.accessionNumber())
                .param(study.filing())
                .param(study.modalities().toArray(String[]::new))
                .param(study.numberOfSeries())
                .param(study.numberOfInstances())
                .param(Timestamp.from(at))
                .param(Timestamp.from(now))
                .query(Boolean.class)
                .single();
        if (first) {
            note(study, now, "images received", cause, Map.of("filing", study.filing()));
        }
        if (event instanceof StudyStable stable) {
            jdbc.sql("update study_arrival set stable_at = ? where study_instance_uid = ?")
                    .param(Timestamp.from(stable.lastInstanceAt()))
                    .param(study.studyInstanceUid())
                    .update();
            note(
                    study,
                    now,
                    "study stable",
                    cause,
                    Map.of("instances", study.numberOfInstances(), "series", study.numberOfSeries()));
        }
    }

    private void note(ArchivedStudy study, Instant at, String action, String cause, Map<String, ?> detail) {
        for (long stepId : stepsOf(study)) {
            steps.addHistory(stepId, at, action, cause, detail);
        }
    }

    private List<Long> stepsOf(ArchivedStudy study) {
        return jdbc.sql("""
                        select id from scheduled_procedure_step
                         where study_instance_uid = ? or (site = ? and accession_number = ?)
                         order by id
                        """)
                .param(study.studyInstanceUid())
                .param(study.site())
                .param(study.accessionNumber())
                .query(Long.class)
                .list();
    }

    /** The images of one study, if the archive has any. */
    public Optional<StudyArrival> of(String studyInstanceUid) {
        return Optional.ofNullable(of(List.of(studyInstanceUid)).get(studyInstanceUid));
    }

    /** The images of several studies, by Study Instance UID (studies without images are absent). */
    public Map<String, StudyArrival> of(Collection<String> studyInstanceUids) {
        Map<String, StudyArrival> found = new HashMap<>();
        if (studyInstanceUids.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        select study_instance_uid, filing, modalities, number_of_series, number_of_instances,
                               first_instance_at, stable_at
                          from study_arrival where study_instance_uid = any(?)
                        """)
                .param(studyInstanceUids.toArray(String[]::new))
                .query((rs, row) -> {
                    Array modalities = rs.getArray("modalities");
                    Timestamp stable = rs.getTimestamp("stable_at");
                    found.put(
                            rs.getString("study_instance_uid"),
                            new StudyArrival(
                                    rs.getString("filing"),
                                    Arrays.asList((String[]) modalities.getArray()),
                                    rs.getInt("number_of_series"),
                                    rs.getInt("number_of_instances"),
                                    rs.getTimestamp("first_instance_at").toInstant(),
                                    stable == null ? null : stable.toInstant()));
                    return null;
                })
                .list();
        return found;
    }
}
