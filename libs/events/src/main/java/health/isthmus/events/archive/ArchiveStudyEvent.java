package health.isthmus.events.archive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import health.isthmus.events.IsthmusEvent;

/**
 * A change to a study in the archive, keyed by its Study Instance UID. Every event carries the study as filed after
 * the change, so that a consumer can follow without asking the archive.
 */
public sealed interface ArchiveStudyEvent extends IsthmusEvent
        permits InstanceStored, StudyStable, StudyUpdated, StudyDeleted {

    /** The study after the change (for a deletion: as it was filed before). */
    ArchivedStudy study();

    @Override
    @JsonIgnore
    default String partitionKey() {
        return study().key();
    }
}
