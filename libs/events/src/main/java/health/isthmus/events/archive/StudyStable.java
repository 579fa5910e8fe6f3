package health.isthmus.events.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.EventContract;
import java.time.Instant;

/**
 * No instance has arrived for the study during the configured quiet time: the study is ready to read. Published again
 * when later instances arrive and the study falls quiet once more.
 *
 * @param study the study as filed
 * @param lastInstanceAt when its last instance was stored
 */
@EventContract(type = "archive.StudyStable", version = 1, topic = ArchiveTopics.STUDY)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StudyStable(ArchivedStudy study, Instant lastInstanceAt) implements ArchiveStudyEvent {}
