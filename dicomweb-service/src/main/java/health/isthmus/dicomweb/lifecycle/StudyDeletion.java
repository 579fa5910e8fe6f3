package health.isthmus.dicomweb.lifecycle;

import health.isthmus.dicomweb.index.ArchivedStudies;
import health.isthmus.dicomweb.index.UnknownStudyException;
import health.isthmus.dicomweb.storage.BlobStore;
import health.isthmus.events.archive.ArchivedStudy;
import health.isthmus.events.archive.StudyDeleted;
import health.isthmus.events.archive.StudyUpdated;
import health.isthmus.platform.outbox.EventPublisher;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * An admin's deletion of a study, or rejection of a series or an instance: the index rows go (with the kept conflicts
 * of the same UIDs) in the caller's transaction with {@code StudyDeleted} or {@code StudyUpdated}
 * (INSTANCES_REJECTED); a rejection that leaves the study empty deletes the study. Files are removed only after the
 * commit, by {@link #removeUnreferenced}, and only those no remaining instance or conflict row names (blobs are
 * content-addressed, so two instances may share one).
 */
@Service
public class StudyDeletion {

    private static final Logger log = LoggerFactory.getLogger(StudyDeletion.class);

    private final JdbcClient jdbc;
    private final ArchivedStudies studies;
    private final EventPublisher events;
    private final BlobStore blobs;
    private final Clock clock;

    public StudyDeletion(
            JdbcClient jdbc, ArchivedStudies studies, EventPublisher events, BlobStore blobs, Clock clock) {
        this.jdbc = jdbc;
        this.studies = studies;
        this.events = events;
        this.blobs = blobs;
        this.clock = clock;
    }

    /**
     * What a deletion removed.
     *
     * @param study the study before the deletion
     * @param after the study after a rejection, or null when the whole study is gone
     * @param instances how many instances were removed
     * @param blobKeys the files the removed rows named, candidates for removal after the commit
     */
    public record Deleted(ArchivedStudy study, @Nullable ArchivedStudy after, int instances, Set<String> blobKeys) {}

    /**
     * Deletes a study, a series of it ({@code seriesUid}) or an instance of that series ({@code sopUid}).
     *
     * @throws UnknownStudyException when the archive holds no such study, series or instance
     */
    public Deleted delete(
            String studyUid, @Nullable String seriesUid, @Nullable String sopUid, String reason, String deletedBy) {
        Long studyPk = jdbc.sql("select study_pk from study where study_instance_uid = ? for update")
                .param(studyUid)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new UnknownStudyException("study " + studyUid));
        ArchivedStudy before = studies.byPk(studyPk);
        List<String> sopUids = jdbc.sql("""
                        select i.sop_instance_uid from instance i join series s on s.series_pk = i.series_pk
                         where i.study_pk = ? and (?::text is null or s.series_instance_uid = ?)
                           and (?::text is null or i.sop_instance_uid = ?)
                        """)
                .param(studyPk)
                .param(seriesUid)
                .param(seriesUid)
                .param(sopUid)
                .param(sopUid)
                .query(String.class)
                .list();
        if (seriesUid != null && sopUids.isEmpty()) {
            boolean seriesExists = jdbc.sql(
                            "select exists (select 1 from series where study_pk = ? and series_instance_uid = ?)")
                    .param(studyPk)
                    .param(seriesUid)
                    .query(Boolean.class)
                    .single();
            if (sopUid != null || !seriesExists) {
                throw new UnknownStudyException(sopUid != null ? "instance " + sopUid : "series " + seriesUid);
            }
        }
        Set<String> blobKeys = new LinkedHashSet<>();
        blobKeys.addAll(jdbc.sql("select blob_key from instance where study_pk = ? and sop_instance_uid = any(?)")
                .param(studyPk)
                .param(sopUids.toArray(String[]::new))
                .query(String.class)
                .list());
        blobKeys.addAll(jdbc
                .sql("""
                        delete from instance_conflict
                         where sop_instance_uid = any(?) or (?::text is null and study_instance_uid = ?)
                        returning blob_key
                        """)
                .param(sopUids.toArray(String[]::new))
                .param(seriesUid)
                .param(studyUid)
                .query(String.class)
                .list()
                .stream()
                .filter(Objects::nonNull)
                .toList());
        boolean wholeStudy = seriesUid == null
                || jdbc.sql("select count(*) from instance where study_pk = ?")
                                .param(studyPk)
                                .query(Long.class)
                                .single()
                        == sopUids.size();
        if (wholeStudy) {
            jdbc.sql("delete from study where study_pk = ?").param(studyPk).update();
            events.publish(new StudyDeleted(before, reason, deletedBy));
            return new Deleted(before, null, sopUids.size(), blobKeys);
        }
        jdbc.sql("delete from instance where study_pk = ? and sop_instance_uid = any(?)")
                .param(studyPk)
                .param(sopUids.toArray(String[]::new))
                .update();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        update series se set number_of_instances =
                               (select count(*) from instance i where i.series_pk = se.series_pk), updated_at = ?
                         where se.study_pk = ?
                        """).param(now).param(studyPk).update();
        jdbc.sql("delete from series where study_pk = ? and number_of_instances = 0")
                .param(studyPk)
                .update();
        jdbc.sql("""
                        update study st set
                               number_of_series = (select count(*) from series se where se.study_pk = st.study_pk),
                               number_of_instances = (select count(*) from instance i where i.study_pk = st.study_pk),
                               modalities_in_study = coalesce((select array_agg(distinct se.modality order by se.modality)
                                   from series se where se.study_pk = st.study_pk and se.modality is not null), '{}'),
                               sop_classes_in_study = coalesce((select array_agg(distinct i.sop_class_uid
                                   order by i.sop_class_uid) from instance i where i.study_pk = st.study_pk), '{}'),
                               updated_at = ?
                         where st.study_pk = ?
                        """).param(now).param(studyPk).update();
        ArchivedStudy after = studies.byPk(studyPk);
        events.publish(new StudyUpdated(after, "INSTANCES_REJECTED", reason, deletedBy));
        return new Deleted(before, after, sopUids.size(), blobKeys);
    }

    /**
     * Removes, after the deletion committed, the files no instance or conflict row names any more; a file that cannot
     * be removed is logged and left (it is unreachable through the index).
     *
     * @return the keys of the files removed
     */
    public List<String> removeUnreferenced(Set<String> blobKeys) {
        List<String> removed = new ArrayList<>();
        for (String key : blobKeys) {
            boolean used =
                    jdbc.sql("""
                            select exists (select 1 from instance where blob_key = ?)
                                or exists (select 1 from instance_conflict where blob_key = ?)
                            """).param(key).param(key).query(Boolean.class).single();
            if (used) {
                continue;
            }
            try {
                blobs.delete(key);
                removed.add(key);
            } catch (IOException e) {
                log.warn("file {} of a deleted instance could not be removed: {}", key, e.toString());
            }
        }
        return removed;
    }
}
