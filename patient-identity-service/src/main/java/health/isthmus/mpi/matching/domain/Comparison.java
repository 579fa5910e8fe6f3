package health.isthmus.mpi.matching.domain;

/**
 * The outcome of comparing one field of two records.
 *
 * @param level how far the values agree
 * @param reason why, in words a reviewer understands ({@code nickname}, {@code day and month transposed})
 */
public record Comparison(Level level, String reason) {

    static final Comparison MISSING = new Comparison(Level.MISSING, "missing");
    static final Comparison EQUAL = new Comparison(Level.EXACT, "equal");
    static final Comparison DIFFERENT = new Comparison(Level.DISAGREE, "different");
}
