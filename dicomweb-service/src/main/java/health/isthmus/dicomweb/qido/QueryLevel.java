package health.isthmus.dicomweb.qido;

/** The entity a QIDO-RS query searches, in the order of the hierarchy. */
enum QueryLevel {
    STUDY,
    SERIES,
    INSTANCE;

    /** Whether this level's rows are joined into a query of {@code target} level. */
    boolean joinedInto(QueryLevel target) {
        return ordinal() <= target.ordinal();
    }
}
