package health.isthmus.mpi.matching.domain;

/**
 * Fellegi-Sunter probabilities of one agreement level of one field.
 *
 * @param m how often two records of the same person show this level
 * @param u how often two records of different people that share a blocking key show it
 */
public record Probabilities(double m, double u) {

    public Probabilities {
        if (!(m > 0 && m <= 1 && u > 0 && u <= 1)) {
            throw new IllegalArgumentException("m and u must lie in (0, 1], were " + m + " and " + u);
        }
    }

    /** The evidence this level adds to a score: log2(m / u), positive for agreement, negative for disagreement. */
    public double weight() {
        return Math.log(m / u) / Math.log(2);
    }
}
