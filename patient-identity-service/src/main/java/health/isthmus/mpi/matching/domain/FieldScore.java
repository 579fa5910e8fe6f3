package health.isthmus.mpi.matching.domain;

/**
 * One line of a score's explanation.
 *
 * @param field the field compared
 * @param level how far the two values agree
 * @param reason why, in a reviewer's words
 * @param weight what it added to the score (0 when missing)
 */
public record FieldScore(Field field, Level level, String reason, double weight) {}
