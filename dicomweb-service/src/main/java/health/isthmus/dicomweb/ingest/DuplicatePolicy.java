package health.isthmus.dicomweb.ingest;

/**
 * What the archive does with other content for a SOP Instance UID it already holds. The same bytes again are always
 * a success that changes nothing.
 */
public enum DuplicatePolicy {
    /** Refuse the second copy with status 0111 (Duplicate SOP Instance); the first stays served. The default. */
    REFUSE,
    /** Answer success but keep the second copy aside (listed for an admin); the first stays served. */
    KEEP,
    /** Serve the second copy instead of the first; the first copy's file is kept until no instance uses it. */
    REPLACE
}
