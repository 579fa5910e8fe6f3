package health.isthmus.report.api;

/** A delivery id this service does not hold. */
class UnknownDeliveryException extends RuntimeException {

    UnknownDeliveryException(long id) {
        super("no delivery " + id);
    }
}
