package health.isthmus.dicomweb.index;

/** The archive holds no study, series or instance of that UID. */
public class UnknownStudyException extends RuntimeException {

    public UnknownStudyException(String what) {
        super("no " + what + " in the archive");
    }
}
