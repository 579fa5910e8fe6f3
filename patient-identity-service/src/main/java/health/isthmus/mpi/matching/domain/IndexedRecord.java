package health.isthmus.mpi.matching.domain;

import java.util.UUID;

/**
 * A source record as the candidate index holds it.
 *
 * @param recordId the source record's id
 * @param euid the enterprise identity it belongs to
 * @param profile its demographics, normalised
 */
public record IndexedRecord(long recordId, UUID euid, MatchProfile profile) {}
