package health.isthmus.dicomweb.reconciliation;

/** The study's state forbids the resolution asked for (it is not held, or its order is gone). */
public class ReconciliationConflictException extends RuntimeException {

    public ReconciliationConflictException(String message) {
        super(message);
    }
}
