package health.isthmus.mpi.matching.domain;

/** What matching decided for an incoming record. */
public enum Outcome {
    /** Same person as an existing identity: the record joins it without a human. */
    LINK,
    /** Perhaps the same person as an existing identity: a review task asks a human. */
    REVIEW,
    /** No existing identity is close enough: the record founds a new one. */
    NEW
}
