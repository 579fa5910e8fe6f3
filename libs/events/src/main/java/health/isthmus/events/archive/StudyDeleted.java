package health.isthmus.events.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.EventContract;

/**
 * An admin deleted the study: its instances are no longer served and their files are removed.
 *
 * @param study the study as it was filed before the deletion
 * @param reason the reason the admin gave
 * @param deletedBy the admin's user or client id
 */
@EventContract(type = "archive.StudyDeleted", version = 1, topic = ArchiveTopics.STUDY)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StudyDeleted(ArchivedStudy study, String reason, String deletedBy) implements ArchiveStudyEvent {}
