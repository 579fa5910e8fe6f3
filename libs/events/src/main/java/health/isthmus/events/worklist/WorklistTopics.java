package health.isthmus.events.worklist;

/** Topics of worklist-service. */
public final class WorklistTopics {

    /** Procedure step events, keyed by {@code <site>|<accession number>} like the order they come from. */
    public static final String PROCEDURE = "worklist.procedure.v1";

    private WorklistTopics() {}
}
