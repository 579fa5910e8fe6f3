package health.isthmus.dicomweb.ingest;

import health.isthmus.dicom.data.Tag;
import health.isthmus.dicomweb.index.ArchivedStudies;
import health.isthmus.dicomweb.ingest.IndexedInstance.Change;
import health.isthmus.dicomweb.reconciliation.Filing;
import health.isthmus.dicomweb.reconciliation.PatientAttributes;
import health.isthmus.dicomweb.reconciliation.StudyFiling;
import health.isthmus.events.archive.ArchivedStudy;
import health.isthmus.platform.security.SiteScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes a stored instance into the index (study, series, instance rows) in the caller's transaction. Stores of one
 * SOP Instance UID are serialized (a transaction-scoped advisory lock), so two senders of the same instance never
 * both add it; the series and study rows are locked only from the count updates, the transaction's last
 * statements, so stores of one study over several associations overlap until then.
 */
@Repository
public class InstanceIndexWriter {

    private final JdbcClient jdbc;
    private final StudyFiling filing;
    private final ExtraAttributeIndexer extras;

    public InstanceIndexWriter(JdbcClient jdbc, StudyFiling filing, ExtraAttributeIndexer extras) {
        this.jdbc = jdbc;
        this.filing = filing;
        this.extras = extras;
    }

    private record Known(long instancePk, String datasetSha256, String transferSyntaxUid, String seriesInstanceUid) {}

    /** Indexes the instance, applying the duplicate policy to other content under a known SOP Instance UID. */
    public IndexedInstance write(NewInstance instance, DuplicatePolicy policy) {
        InstanceHeader header = instance.header();
        String sopUid = require(header.sopInstanceUid());
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param("archive.sop|" + sopUid)
                .query()
                .singleRow();
        if (!withinSenderSites(instance)) {
            return new IndexedInstance(Change.OTHER_SITE, null, null);
        }
        String studyUid = require(header.studyInstanceUid());
        String seriesUid = require(header.seriesInstanceUid());
        // one round trip: a stored instance of this SOP Instance UID, and the series and study rows it would join
        Lookup found = jdbc.sql("""
                        select k.instance_pk, k.dataset_sha256, k.transfer_syntax_uid, k.series_instance_uid,
                               se.series_pk, se_study.study_instance_uid as series_study_uid, st.study_pk
                          from (select 1) as one
                          left join (select i.instance_pk, i.dataset_sha256, i.transfer_syntax_uid,
                                            s.series_instance_uid
                                       from instance i join series s on s.series_pk = i.series_pk
                                      where i.sop_instance_uid = ?) k on true
                          left join series se on se.series_instance_uid = ?
                          left join study se_study on se_study.study_pk = se.study_pk
                          left join study st on st.study_instance_uid = ?
                        """)
                .param(sopUid)
                .param(seriesUid)
                .param(studyUid)
                .query(Lookup::map)
                .single();
        Known known = found.known();
        boolean replacing = false;
        if (known != null) {
            // the same data set in the same transfer syntax, whoever sent it (the File Meta Information differs)
            if (known.datasetSha256().equals(instance.blob().contentSha256())
                    && known.transferSyntaxUid().equals(header.transferSyntaxUid())) {
                return new IndexedInstance(Change.UNCHANGED, null, known.seriesInstanceUid());
            }
            if (policy != DuplicatePolicy.REPLACE) {
                recordConflict(instance, policy == DuplicatePolicy.KEEP ? "KEPT" : "REFUSED");
                return new IndexedInstance(
                        policy == DuplicatePolicy.KEEP ? Change.CONFLICT_KEPT : Change.CONFLICT_REFUSED,
                        null,
                        known.seriesInstanceUid());
            }
            recordConflict(instance, "REPLACED");
            remove(known.instancePk());
            replacing = true;
        }
        if (found.seriesStudyUid() != null && !found.seriesStudyUid().equals(studyUid)) {
            return new IndexedInstance(Change.SERIES_IN_OTHER_STUDY, null, seriesUid);
        }
        long studyPk = found.studyPk() != null ? found.studyPk() : newStudyRow(instance);
        long seriesPk;
        boolean newSeries = false;
        if (found.seriesPk() != null) {
            seriesPk = found.seriesPk();
        } else {
            Optional<Long> inserted = insertSeries(instance, studyPk);
            newSeries = inserted.isPresent();
            seriesPk = inserted.orElseGet(() -> jdbc.sql("select series_pk from series where series_instance_uid = ?")
                    .param(seriesUid)
                    .query(Long.class)
                    .single());
        }
        jdbc.sql("""
                        insert into instance (series_pk, study_pk, sop_instance_uid, sop_class_uid, instance_number,
                            transfer_syntax_uid, blob_key, sha256, size_bytes, dataset_sha256, rows, columns,
                            number_of_frames, pixel_data_offset, pixel_data_length, metadata, bulk_data_tags,
                            bits_allocated, samples_per_pixel, sent_patient_name, sent_patient_id, sent_issuer,
                            sent_birth_date, sent_sex, received_via, received_from, received_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .param(seriesPk)
                .param(studyPk)
                .param(sopUid)
                .param(header.sopClassUid())
                .param(header.integer(Tag.InstanceNumber))
                .param(header.transferSyntaxUid())
                .param(instance.blob().key())
                .param(instance.blob().sha256())
                .param(instance.blob().size())
                .param(instance.blob().contentSha256())
                .param(header.integer(Tag.Rows))
                .param(header.integer(Tag.Columns))
                .param(header.integer(Tag.NumberOfFrames))
                .param(header.pixelDataOffset())
                .param(header.pixelDataLength())
                .param(header.metadataJson())
                .param(header.bulkDataTags().toArray(String[]::new))
                .param(header.integer(Tag.BitsAllocated))
                .param(header.integer(Tag.SamplesPerPixel))
                .param(header.dataset().getString(Tag.PatientName))
                .param(header.dataset().getString(Tag.PatientID))
                .param(header.dataset().getString(Tag.IssuerOfPatientID))
                .param(header.dataset().getString(Tag.PatientBirthDate))
                .param(header.dataset().getString(Tag.PatientSex))
                .param(instance.source().via())
                .param(instance.source().sender())
                .param(Timestamp.from(instance.receivedAt()))
                .update();
        extras.index(header, studyPk, seriesPk);
        // the counts last: the series and study rows stay locked from here to the commit, which instances of the same
        // study over other associations wait for; increments, so each transaction adds its own whatever the order
        String modality = header.string(Tag.Modality);
        Timestamp receivedAt = Timestamp.from(instance.receivedAt());
        ArchivedStudy study = jdbc.sql("""
                        with counted_series as (
                            update series set number_of_instances = number_of_instances + 1, updated_at = ?
                             where series_pk = ?)
                        update study
                           set number_of_instances = number_of_instances + 1,
                               number_of_series = number_of_series + ?,
                               modalities_in_study = case when ?::text is null or ?::text = any(modalities_in_study)
                                   then modalities_in_study else modalities_in_study || ?::text end,
                               sop_classes_in_study = case when ?::text = any(sop_classes_in_study)
                                   then sop_classes_in_study else sop_classes_in_study || ?::text end,
                               last_instance_at = ?, updated_at = ?, stable_published_at = null
                         where study_pk = ?
                        returning\s""" + ArchivedStudies.COLUMNS)
                .param(receivedAt)
                .param(seriesPk)
                .param(newSeries ? 1 : 0)
                .param(modality)
                .param(modality)
                .param(modality)
                .param(header.sopClassUid())
                .param(header.sopClassUid())
                .param(receivedAt)
                .param(receivedAt)
                .param(studyPk)
                .query((rs, row) -> ArchivedStudies.map(rs))
                .single();
        return new IndexedInstance(replacing ? Change.REPLACED : Change.ADDED, study, null);
    }

    /** What {@link #write} finds before it writes: a stored instance of the same UID, and the rows it would join. */
    private record Lookup(
            @Nullable Known known,
            @Nullable Long seriesPk,
            @Nullable String seriesStudyUid,
            @Nullable Long studyPk) {

        static Lookup map(ResultSet rs, int row) throws SQLException {
            long instancePk = rs.getLong("instance_pk");
            Known known = rs.wasNull()
                    ? null
                    : new Known(
                            instancePk,
                            rs.getString("dataset_sha256"),
                            rs.getString("transfer_syntax_uid"),
                            rs.getString("series_instance_uid"));
            return new Lookup(
                    known,
                    rs.getObject("series_pk", Long.class),
                    rs.getString("series_study_uid"),
                    rs.getObject("study_pk", Long.class));
        }
    }

    /**
     * Whether a site-limited sender may add this instance: the study it joins (or, new, would be filed as) and the
     * study of a stored instance of the same SOP Instance UID are of the sender's sites.
     */
    private boolean withinSenderSites(NewInstance instance) {
        SiteScope sites = instance.source().sites();
        if (sites.isGlobal()) {
            return true;
        }
        InstanceHeader header = instance.header();
        List<@Nullable String> sameInstance =
                jdbc.sql("""
                        select st.site from instance i join study st on st.study_pk = i.study_pk
                         where i.sop_instance_uid = ?
                        """).param(header.sopInstanceUid()).query(String.class).list();
        if (!sameInstance.stream().allMatch(sites::allows)) {
            return false;
        }
        List<@Nullable String> stored = studySite(header);
        if (!stored.isEmpty()) {
            return sites.allows(stored.getFirst());
        }
        Filing filed = decideFiling(instance); // waits for a first instance of the study being filed at this moment
        stored = studySite(header);
        return sites.allows(stored.isEmpty() ? filed.site() : stored.getFirst());
    }

    private List<@Nullable String> studySite(InstanceHeader header) {
        return jdbc.sql("select site from study where study_instance_uid = ?")
                .param(header.studyInstanceUid())
                .query(String.class)
                .list();
    }

    private Filing decideFiling(NewInstance instance) {
        InstanceHeader header = instance.header();
        return filing.decide(
                require(header.studyInstanceUid()),
                header.string(Tag.AccessionNumber),
                header.string(Tag.PatientID),
                header.string(Tag.IssuerOfPatientID),
                instance.source().callingAeTitle());
    }

    /**
     * The primary key of a study not indexed when the instance was looked up: inserted and filed with this, its first
     * instance, or the row another store of the same study has inserted meanwhile.
     */
    private long newStudyRow(NewInstance instance) {
        InstanceHeader header = instance.header();
        String studyUid = require(header.studyInstanceUid());
        Filing filed = decideFiling(instance);
        PatientAttributes patient = filing.patient(
                filed,
                header.string(Tag.PatientName),
                header.string(Tag.PatientBirthDate),
                header.string(Tag.PatientSex));
        Timestamp now = Timestamp.from(instance.receivedAt());
        jdbc.sql("""
                        insert into study (study_instance_uid, patient_id, issuer_of_patient_id, patient_name,
                            patient_name_search, patient_birth_date, patient_sex, euid, site, study_date, study_time,
                            accession_number, study_id, study_description, referring_physician_name, filing,
                            held_reason, order_key, created_at, updated_at, last_instance_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (study_instance_uid) do nothing
                        """)
                .param(studyUid)
                .param(filed.patientId())
                .param(filed.issuerOfPatientId())
                .param(patient.name())
                .param(patient.nameSearch())
                .param(patient.birthDate())
                .param(patient.sex())
                .param(filed.euid())
                .param(filed.site())
                .param(header.string(Tag.StudyDate))
                .param(header.string(Tag.StudyTime))
                .param(header.string(Tag.AccessionNumber))
                .param(header.string(Tag.StudyID))
                .param(header.string(Tag.StudyDescription))
                .param(header.string(Tag.ReferringPhysicianName))
                .param(filed.state())
                .param(filed.heldReason())
                .param(filed.orderKey())
                .param(now)
                .param(now)
                .param(now)
                .update();
        return jdbc.sql("select study_pk from study where study_instance_uid = ?")
                .param(studyUid)
                .query(Long.class)
                .single();
    }

    /** Inserts the instance's series; its primary key, or empty when another store has inserted it meanwhile. */
    private Optional<Long> insertSeries(NewInstance instance, long studyPk) {
        InstanceHeader header = instance.header();
        Timestamp now = Timestamp.from(instance.receivedAt());
        return jdbc.sql("""
                        insert into series (study_pk, series_instance_uid, modality, series_number, series_description,
                            body_part_examined, performed_procedure_step_start_date,
                            performed_procedure_step_start_time, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (series_instance_uid) do nothing
                        returning series_pk
                        """)
                .param(studyPk)
                .param(header.seriesInstanceUid())
                .param(header.string(Tag.Modality))
                .param(header.integer(Tag.SeriesNumber))
                .param(header.string(Tag.SeriesDescription))
                .param(header.string(Tag.BodyPartExamined))
                .param(header.string(Tag.PerformedProcedureStepStartDate))
                .param(header.string(Tag.PerformedProcedureStepStartTime))
                .param(now)
                .param(now)
                .query(Long.class)
                .optional();
    }

    private void recordConflict(NewInstance instance, String outcome) {
        InstanceHeader header = instance.header();
        jdbc.sql("""
                        insert into instance_conflict (sop_instance_uid, study_instance_uid, series_instance_uid,
                            blob_key, sha256, size_bytes, dataset_sha256, outcome, received_via, received_from,
                            received_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .param(header.sopInstanceUid())
                .param(header.studyInstanceUid())
                .param(header.seriesInstanceUid())
                .param("REFUSED".equals(outcome) ? null : instance.blob().key())
                .param(instance.blob().sha256())
                .param(instance.blob().size())
                .param(instance.blob().contentSha256())
                .param(outcome)
                .param(instance.source().via())
                .param(instance.source().sender())
                .param(Timestamp.from(instance.receivedAt()))
                .update();
    }

    /** Removes an instance row being replaced, with the counts it added. */
    private void remove(long instancePk) {
        record Owner(long seriesPk, long studyPk) {}
        Owner owner = jdbc.sql("delete from instance where instance_pk = ? returning series_pk, study_pk")
                .param(instancePk)
                .query(Owner.class)
                .single();
        jdbc.sql("update series set number_of_instances = number_of_instances - 1 where series_pk = ?")
                .param(owner.seriesPk())
                .update();
        jdbc.sql("update study set number_of_instances = number_of_instances - 1 where study_pk = ?")
                .param(owner.studyPk())
                .update();
    }

    private static String require(@Nullable String value) {
        if (value == null) {
            throw new IllegalStateException("instance header checked before indexing");
        }
        return value;
    }
}
