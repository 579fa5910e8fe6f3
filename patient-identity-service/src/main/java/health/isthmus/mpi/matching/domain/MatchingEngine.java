package health.isthmus.mpi.matching.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decides who an incoming record is: deterministically when it carries an identifier some indexed record already
 * carries under the same assigning authority; otherwise by scoring it against every record sharing a blocking key,
 * keeping the best record per identity, and comparing the best identity's score with the two thresholds.
 *
 * <p>When two or more identities reach the link threshold the record goes to review: linking it to one of them
 * would be a guess, and they may well be one person whose records are not yet merged. A record whose given name
 * does not agree (exactly, by nickname or spelling) with the best candidate's goes to review too unless their
 * national ids are equal: everything else may be shared by twins in one household, and an initial or a missing
 * given name cannot tell them apart. And a record goes to review when the best candidate carries another number of
 * the same assigning authority: that authority registered two patients, and only a person (or its own merge) may
 * say they are one.
 */
public final class MatchingEngine {

    private static final int MAX_CANDIDATES = 5;

    private final CandidateIndex index;
    private final MatchingSettings settings;
    private final Scorer scorer;
    private final BlockingKeys blockingKeys;

    public MatchingEngine(CandidateIndex index, MatchingSettings settings, Nicknames nicknames) {
        this.index = index;
        this.settings = settings;
        this.scorer = new Scorer(settings, nicknames);
        this.blockingKeys = new BlockingKeys(nicknames);
    }

    /** The settings it scores with. */
    public MatchingSettings settings() {
        return settings;
    }

    public MatchDecision match(Demographics incoming) {
        MatchProfile profile = MatchProfile.of(incoming);
        for (Identifier identifier : profile.identifiers()) {
            for (IndexedRecord known : index.findByIdentifier(identifier)) {
                Candidate candidate =
                        new Candidate(known.euid(), known.recordId(), scorer.score(profile, known.profile()));
                return new MatchDecision(Outcome.LINK, true, List.of(candidate), candidate);
            }
        }
        Map<UUID, Candidate> bestPerIdentity = new HashMap<>();
        Map<Long, IndexedRecord> scored = new HashMap<>();
        for (IndexedRecord other : index.findByBlockingKeys(blockingKeys.of(profile), settings.maxBlockSize())) {
            Score score = scorer.score(profile, other.profile());
            Candidate previous = bestPerIdentity.get(other.euid());
            if (previous == null || score.total() > previous.score().total()) {
                bestPerIdentity.put(other.euid(), new Candidate(other.euid(), other.recordId(), score));
                scored.put(other.recordId(), other);
            }
        }
        List<Candidate> ranked = new ArrayList<>(bestPerIdentity.values());
        ranked.sort(Comparator.comparingDouble((Candidate c) -> c.score().total())
                .reversed()
                .thenComparingLong(Candidate::recordId));
        if (ranked.isEmpty()) {
            return new MatchDecision(Outcome.NEW, false, List.of(), null);
        }
        Candidate best = ranked.getFirst();
        IndexedRecord bestRecord = scored.get(best.recordId());
        List<Candidate> worthReview = ranked.stream()
                .filter(c -> c.score().total() >= settings.reviewThreshold())
                .limit(MAX_CANDIDATES)
                .toList();
        double top = best.score().total();
        Outcome outcome;
        if (top >= settings.linkThreshold()) {
            boolean ambiguous = ranked.size() > 1 && ranked.get(1).score().total() >= settings.linkThreshold();
            outcome = ambiguous || !tellsTwinsApart(best.score()) || sameIssuerOtherNumber(profile, bestRecord)
                    ? Outcome.REVIEW
                    : Outcome.LINK;
        } else if (top >= settings.reviewThreshold()) {
            outcome = Outcome.REVIEW;
        } else {
            outcome = Outcome.NEW;
        }
        return new MatchDecision(outcome, false, worthReview, best);
    }

    /** How well a known record's demographics match the incoming ones, scored as {@link #match} scores them. */
    public Score score(Demographics incoming, Demographics known) {
        return scorer.score(MatchProfile.of(incoming), MatchProfile.of(known));
    }

    /**
     * The other identities an updated record now looks like, scored without the deterministic step and without its
     * own identity: those at or above the review threshold, best first (at most five). Updates never link on their
     * own; these are for review.
     */
    public List<Candidate> otherIdentitiesLike(Demographics updated, UUID ownEuid) {
        MatchProfile profile = MatchProfile.of(updated);
        Map<UUID, Candidate> bestPerIdentity = new HashMap<>();
        for (IndexedRecord other : index.findByBlockingKeys(blockingKeys.of(profile), settings.maxBlockSize())) {
            if (other.euid().equals(ownEuid)) {
                continue;
            }
            Score score = scorer.score(profile, other.profile());
            Candidate previous = bestPerIdentity.get(other.euid());
            if (score.total() >= settings.reviewThreshold()
                    && (previous == null || score.total() > previous.score().total())) {
                bestPerIdentity.put(other.euid(), new Candidate(other.euid(), other.recordId(), score));
            }
        }
        return bestPerIdentity.values().stream()
                .sorted(Comparator.comparingDouble((Candidate c) -> c.score().total())
                        .reversed()
                        .thenComparingLong(Candidate::recordId))
                .limit(MAX_CANDIDATES)
                .toList();
    }

    /** Forgets a record (it was merged into another and is no longer anyone's candidate). */
    public void forget(long recordId) {
        index.remove(recordId);
    }

    /**
     * Whether the two records carry identifiers of one assigning authority with different values: that authority
     * registered them as two patients, so only a person (or the authority's own A40 merge) may say they are one.
     */
    private static boolean sameIssuerOtherNumber(MatchProfile incoming, IndexedRecord known) {
        for (Identifier mine : incoming.identifiers()) {
            for (Identifier theirs : known.profile().identifiers()) {
                if (mine.authority().equals(theirs.authority()) && !mine.value().equals(theirs.value())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean tellsTwinsApart(Score score) {
        boolean givenNameAgrees = false;
        boolean sameNationalId = false;
        for (FieldScore f : score.fields()) {
            if (f.field() == Field.GIVEN_NAME) {
                givenNameAgrees = f.level() == Level.EXACT || f.level() == Level.CLOSE;
            } else if (f.field() == Field.NATIONAL_ID) {
                sameNationalId = f.level() == Level.EXACT;
            }
        }
        return givenNameAgrees || sameNationalId;
    }

    /** Puts a record into the index under its identity, after a decision or a merge. */
    public void index(long recordId, UUID euid, Demographics demographics) {
        MatchProfile profile = MatchProfile.of(demographics);
        index.put(new IndexedRecord(recordId, euid, profile), blockingKeys.of(profile));
    }
}
