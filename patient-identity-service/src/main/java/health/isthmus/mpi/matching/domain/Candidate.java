package health.isthmus.mpi.matching.domain;

import java.util.UUID;

/**
 * An existing identity scored against an incoming record, through its best-matching source record.
 *
 * @param euid the enterprise identity
 * @param recordId its source record that matched best
 * @param score how well
 */
public record Candidate(UUID euid, long recordId, Score score) {}
