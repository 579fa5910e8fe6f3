package health.isthmus.mpi.matching.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The result of matching one incoming record, to be stored with it.
 *
 * @param outcome link, review or new
 * @param deterministic whether an identifier of the same assigning authority decided it (no scoring needed)
 * @param candidates the identities scoring at least the review threshold, best first (at most five); for a
 *     deterministic link the record carrying the identifier
 * @param best the best-scoring candidate whatever its score, for the explanation of a {@code NEW} decision too
 */
public record MatchDecision(
        Outcome outcome,
        boolean deterministic,
        List<Candidate> candidates,
        @Nullable Candidate best) {

    public MatchDecision {
        candidates = List.copyOf(candidates);
    }

    /** The identity linked to, or the best one to review. */
    public Optional<UUID> euid() {
        return outcome == Outcome.NEW || best == null ? Optional.empty() : Optional.of(best.euid());
    }

    /** The best score, or negative infinity when no candidate was found. */
    public double score() {
        return best == null ? Double.NEGATIVE_INFINITY : best.score().total();
    }
}
