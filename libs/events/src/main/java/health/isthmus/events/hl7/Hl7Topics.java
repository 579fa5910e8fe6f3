package health.isthmus.events.hl7;

/** Topics of hl7-ingest-service. */
public final class Hl7Topics {

    /** Patient and visit events, keyed by the patient's qualified primary identifier. */
    public static final String PATIENT = "hl7.patient.v1";

    /** Order events, keyed by the sending facility and the accession (or placer order) number. */
    public static final String ORDER = "hl7.order.v1";

    /** Reports received from external reporting systems, keyed like the order they answer. */
    public static final String REPORT = "hl7.report.v1";

    private Hl7Topics() {}
}
