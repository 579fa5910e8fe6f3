package health.isthmus.worklist.api;

/** A caller limited to sites asked to change the worklist of a site that is not one of its own. */
public class OutsideSiteScopeException extends RuntimeException {

    public OutsideSiteScopeException(String site) {
        super("the worklist of site " + site + " is not among the sites of this token");
    }
}
