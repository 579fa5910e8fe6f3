package health.isthmus.mpi.matching.domain;

/** The demographic fields the scorer compares, each with its own comparator and weights. */
public enum Field {
    FAMILY_NAME,
    GIVEN_NAME,
    BIRTH_DATE,
    SEX,
    ADDRESS,
    PHONE,
    NATIONAL_ID
}
