package health.isthmus.mpi.registry;

/** A review task, record, identity or merge that the registry does not hold. */
public class UnknownEntryException extends RuntimeException {

    public UnknownEntryException(String message) {
        super(message);
    }
}
