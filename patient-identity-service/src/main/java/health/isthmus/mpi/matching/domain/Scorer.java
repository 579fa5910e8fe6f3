package health.isthmus.mpi.matching.domain;

import java.util.ArrayList;
import java.util.List;

/** Scores two records Fellegi-Sunter style: the sum over the fields of log2(m/u) of the level they agree at. */
public final class Scorer {

    private static final Field[] FIELDS = Field.values();

    private final double[][] weights;
    private final Nicknames nicknames;

    public Scorer(MatchingSettings settings, Nicknames nicknames) {
        this.nicknames = nicknames;
        this.weights = new double[FIELDS.length][Level.values().length];
        for (Field field : FIELDS) {
            for (Level level : Level.values()) {
                weights[field.ordinal()][level.ordinal()] = settings.weight(field, level);
            }
        }
    }

    public Score score(MatchProfile a, MatchProfile b) {
        List<FieldScore> lines = new ArrayList<>(FIELDS.length);
        double total = 0;
        for (Field field : FIELDS) {
            Comparison c = Comparators.compare(field, a, b, nicknames);
            double weight = weights[field.ordinal()][c.level().ordinal()];
            total += weight;
            lines.add(new FieldScore(field, c.level(), c.reason(), weight));
        }
        return new Score(total, lines);
    }
}
