package health.isthmus.events.audit;

/** The topic every service writes its audit records to, for audit-service to keep. */
public final class AuditTopics {

    /** Audit records of every producer, keyed by the patient they concern (or their source when none). */
    public static final String RECORD = "audit.record.v1";

    private AuditTopics() {}
}
