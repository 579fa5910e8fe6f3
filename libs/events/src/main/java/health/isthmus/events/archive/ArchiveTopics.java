package health.isthmus.events.archive;

/** Topics of dicomweb-service. */
public final class ArchiveTopics {

    /** Study events, keyed by Study Instance UID so that one study's events stay in order. */
    public static final String STUDY = "archive.study.v1";

    private ArchiveTopics() {}
}
