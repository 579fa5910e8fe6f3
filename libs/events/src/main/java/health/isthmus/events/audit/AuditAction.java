package health.isthmus.events.audit;

/** What was done to the data (DICOM PS3.15 A.5 EventActionCode). */
public enum AuditAction {
    /** Create: new data was recorded. */
    C,
    /** Read: data was viewed, queried for or retrieved. */
    R,
    /** Update: existing data was changed (including merges). */
    U,
    /** Delete: data was removed or cancelled. */
    D,
    /** Execute: an operation ran that fits none of the others. */
    E
}
