package health.isthmus.events.audit;

/** How the audited action ended (DICOM PS3.15 A.5 EventOutcomeIndicator). */
public enum AuditOutcome {
    /** 0: the action succeeded. */
    SUCCESS(0),
    /** 4: the action failed in a minor way (for example refused content). */
    MINOR_FAILURE(4),
    /** 8: the action failed (for example a refused or unreadable request). */
    SERIOUS_FAILURE(8),
    /** 12: the system failed. */
    MAJOR_FAILURE(12);

    private final int indicator;

    AuditOutcome(int indicator) {
        this.indicator = indicator;
    }

    /** The numeric indicator of PS3.15. */
    public int indicator() {
        return indicator;
    }
}
