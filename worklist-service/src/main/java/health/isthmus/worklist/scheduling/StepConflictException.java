package health.isthmus.worklist.scheduling;

/** The change asked for contradicts the step's state: a finished step cannot be cancelled, a step exists once. */
public class StepConflictException extends RuntimeException {

    public StepConflictException(String message) {
        super(message);
    }
}
