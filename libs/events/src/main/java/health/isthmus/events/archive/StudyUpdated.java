package health.isthmus.events.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.EventContract;
import org.jspecify.annotations.Nullable;

/**
 * The study was filed anew without a new instance: re-filed after a patient merge or update, reconciled or held,
 * or some of its instances rejected.
 *
 * @param study the study after the change
 * @param reason what changed: REFILED, RECONCILED, HELD or INSTANCES_REJECTED
 * @param cause what caused it (an MPI event type, or an admin action), if known
 * @param changedBy the user who changed it, for admin actions
 */
@EventContract(type = "archive.StudyUpdated", version = 1, topic = ArchiveTopics.STUDY)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StudyUpdated(
        ArchivedStudy study,
        String reason,
        @Nullable String cause,
        @Nullable String changedBy) implements ArchiveStudyEvent {}
