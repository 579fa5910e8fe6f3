package health.isthmus.mpi.registry;

/**
 * What the MPI does with a registration or update that names an identifier retired by a merge or an identifier
 * change. Either way nothing is created under the retired identifier, and the event is audited.
 */
public enum RetiredIdentifierPolicy {
    /** The demographics are applied to the record that answers for the identifier now (the default). */
    REDIRECT,
    /** Nothing changes; the audit record says the event was refused and why. */
    REJECT
}
