package health.isthmus.mpi.matching.domain;

/**
 * How far two values of a field agree. What counts as close or partial is the comparator's to say (see
 * {@link Comparators}); a missing value on either side carries no evidence and weighs nothing.
 */
public enum Level {
    /** Equal after normalisation. */
    EXACT,
    /** The same value written differently: a typo, a nickname, day and month transposed. */
    CLOSE,
    /** Part of the value agrees: one part of a double-barrelled name, the postal code without the street. */
    PARTIAL,
    /** Different values. */
    DISAGREE,
    /** At least one side has no value. */
    MISSING
}
