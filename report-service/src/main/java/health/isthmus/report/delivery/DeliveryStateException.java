package health.isthmus.report.delivery;

/** A delivery change its state forbids, such as resending a delivered report. Its message is for the client. */
public class DeliveryStateException extends RuntimeException {

    public DeliveryStateException(String message) {
        super(message);
    }
}
