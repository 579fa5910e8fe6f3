package health.isthmus.report.lifecycle;

/** A site-limited user asked to report for a site outside its sites. */
public class OtherSiteException extends RuntimeException {

    public OtherSiteException(String site) {
        super("site " + site + " is not one of the user's sites");
    }
}
