package health.isthmus.worklist.scheduling.domain;

/** Where a scheduled procedure step stands; the values of {@code scheduled_procedure_step.status}. */
public enum StepStatus {
    SCHEDULED,
    IN_PROGRESS,
    COMPLETED,
    DISCONTINUED,
    CANCELLED;

    /** Whether the step is still to be performed or being performed, so that patient changes still apply to it. */
    public boolean open() {
        return this == SCHEDULED || this == IN_PROGRESS;
    }
}
