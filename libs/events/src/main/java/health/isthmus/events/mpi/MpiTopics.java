package health.isthmus.events.mpi;

/** Topics of patient-identity-service. */
public final class MpiTopics {

    /** Enterprise patient events, keyed by EUID. */
    public static final String PATIENT = "mpi.patient.v1";

    private MpiTopics() {}
}
