package health.isthmus.worklist.scheduling;

/** No step has the id asked for. */
public class UnknownStepException extends RuntimeException {

    public UnknownStepException(long id) {
        super("no scheduled procedure step " + id);
    }
}
