package health.isthmus.mpi.matching.domain;

import java.util.List;

/**
 * How much two records look like one person, field by field.
 *
 * @param total the sum of the field weights (log2 of the likelihood ratio)
 * @param fields one line per field, in {@link Field} order
 */
public record Score(double total, List<FieldScore> fields) {

    public Score {
        fields = List.copyOf(fields);
    }
}
