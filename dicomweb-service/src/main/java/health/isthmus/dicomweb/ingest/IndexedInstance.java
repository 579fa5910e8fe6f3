package health.isthmus.dicomweb.ingest;

import health.isthmus.events.archive.ArchivedStudy;
import org.jspecify.annotations.Nullable;

/**
 * The index's answer to a store.
 *
 * @param change what the store changed
 * @param study the study after the change (null when nothing was indexed)
 * @param conflictingSeries for a refused or kept conflict: the series the known instance belongs to
 */
public record IndexedInstance(
        Change change,
        @Nullable ArchivedStudy study,
        @Nullable String conflictingSeries) {

    /** What a store changed in the index. */
    public enum Change {
        ADDED,
        UNCHANGED,
        REPLACED,
        CONFLICT_KEPT,
        CONFLICT_REFUSED,
        SERIES_IN_OTHER_STUDY,
        /** Nothing indexed: the instance belongs to a study of a site the sender may not add to. */
        OTHER_SITE
    }
}
