package health.isthmus.mpi.matching.domain;

import java.util.EnumMap;
import java.util.Map;

/**
 * The matching configuration: m/u probabilities per field and agreement level, and the two thresholds on the total
 * score. A plain record so that the service can bind it from {@code isthmus.mpi.matching.*}.
 *
 * @param linkThreshold a score at or above it links the record to the identity without a human
 * @param reviewThreshold a score at or above it, but below the link threshold, opens a review task
 * @param maxBlockSize a blocking key shared by more records than this is skipped (it says too little to be worth
 *     scoring every record behind it)
 * @param fields the probabilities per field and level; a level not listed, and {@link Level#MISSING}, weighs 0
 */
public record MatchingSettings(
        double linkThreshold, double reviewThreshold, int maxBlockSize, Map<Field, Map<Level, Probabilities>> fields) {

    public MatchingSettings {
        if (!(linkThreshold > reviewThreshold)) {
            throw new IllegalArgumentException("the link threshold must lie above the review threshold");
        }
        if (maxBlockSize < 1) {
            throw new IllegalArgumentException("max-block-size must be positive");
        }
        Map<Field, Map<Level, Probabilities>> copy = new EnumMap<>(Field.class);
        fields.forEach((field, levels) -> copy.put(field, Map.copyOf(levels)));
        fields = Map.copyOf(copy);
    }

    /** The weight a level of a field adds to a score. */
    public double weight(Field field, Level level) {
        if (level == Level.MISSING) {
            return 0;
        }
        Probabilities p = fields.getOrDefault(field, Map.of()).get(level);
        return p == null ? 0 : p.weight();
    }

    /**
     * Defaults set by looking at the synthetic population of the tests (see docs/matching.md): m follows what records
     * of one person show there; u is set well above what random pairs show for the fields a household shares (family
     * name, birth date of twins, address, landline), so that twins and namesakes land in review rather than being
     * linked.
     */
    public static MatchingSettings defaults() {
        Map<Field, Map<Level, Probabilities>> f = new EnumMap<>(Field.class);
        f.put(
                Field.FAMILY_NAME,
                Map.of(
                        Level.EXACT, new Probabilities(0.88, 0.02),
                        Level.CLOSE, new Probabilities(0.07, 0.005),
                        Level.PARTIAL, new Probabilities(0.03, 0.003),
                        Level.DISAGREE, new Probabilities(0.03, 0.96)));
        f.put(
                Field.GIVEN_NAME,
                Map.of(
                        Level.EXACT, new Probabilities(0.78, 0.012),
                        Level.CLOSE, new Probabilities(0.15, 0.008),
                        Level.PARTIAL, new Probabilities(0.05, 0.02),
                        Level.DISAGREE, new Probabilities(0.02, 0.96)));
        f.put(
                Field.BIRTH_DATE,
                Map.of(
                        Level.EXACT, new Probabilities(0.90, 0.02),
                        Level.CLOSE, new Probabilities(0.025, 0.0008),
                        Level.PARTIAL, new Probabilities(0.06, 0.015),
                        Level.DISAGREE, new Probabilities(0.015, 0.965)));
        f.put(
                Field.SEX,
                Map.of(
                        Level.EXACT, new Probabilities(0.98, 0.5),
                        Level.DISAGREE, new Probabilities(0.02, 0.5)));
        f.put(
                Field.ADDRESS,
                Map.of(
                        Level.EXACT, new Probabilities(0.87, 0.02),
                        Level.CLOSE, new Probabilities(0.04, 0.004),
                        Level.PARTIAL, new Probabilities(0.01, 0.005),
                        Level.DISAGREE, new Probabilities(0.08, 0.97)));
        f.put(
                Field.PHONE,
                Map.of(
                        Level.EXACT, new Probabilities(0.58, 0.01),
                        Level.CLOSE, new Probabilities(0.02, 0.002),
                        Level.DISAGREE, new Probabilities(0.40, 0.98)));
        f.put(
                Field.NATIONAL_ID,
                Map.of(
                        Level.EXACT, new Probabilities(0.98, 0.0001),
                        Level.CLOSE, new Probabilities(0.015, 0.0005),
                        Level.DISAGREE, new Probabilities(0.005, 0.9998)));
        return new MatchingSettings(21.5, 12, 500, f);
    }
}
