package health.isthmus.mpi.matching.domain;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.mpi.matching.domain.SyntheticPopulation.SourceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Matching quality on the synthetic population, measured per incoming record in arrival order.
 *
 * <p>How it counts. Every identity belongs to the person whose record founded it. An incoming record is a
 * <em>duplicate</em> when its person already has an identity. A link is correct when it goes to an identity of the
 * record's person; a review is correct when its best candidate is one. A record sent to review founds a new identity
 * (the review is never resolved, as on a day when nobody works the queue), so a later record of the person may
 * find two identities of hers, and either counts as hers.
 *
 * <ul>
 *   <li>link precision = correct links / links; link recall = correct links / duplicates;
 *   <li>review precision = correct reviews / reviews; review recall = correct reviews / duplicates;
 *   <li>overall, a review counting as found: precision = (correct links + correct reviews) / (links + reviews),
 *       recall = (correct links + correct reviews) / duplicates, F1 their harmonic mean.
 * </ul>
 */
class MatchingQualityTest {

    static final long SEED = 20_260_428L;
    static final int PEOPLE = 6_600;

    record Counts(
            int records, int duplicates, int links, int correctLinks, int reviews, int correctReviews, int missed) {

        double linkPrecision() {
            return ratio(correctLinks, links);
        }

        double linkRecall() {
            return ratio(correctLinks, duplicates);
        }

        double reviewPrecision() {
            return ratio(correctReviews, reviews);
        }

        double reviewRecall() {
            return ratio(correctReviews, duplicates);
        }

        double precision() {
            return ratio(correctLinks + correctReviews, links + reviews);
        }

        double recall() {
            return ratio(correctLinks + correctReviews, duplicates);
        }

        double f1() {
            return 2 * precision() * recall() / (precision() + recall());
        }

        private static double ratio(int a, int b) {
            return b == 0 ? 0 : (double) a / b;
        }
    }

    static Counts run(List<SourceRecord> records, MatchingSettings settings, boolean verbose) {
        var engine = new MatchingEngine(new InMemoryCandidateIndex(), settings, Nicknames.standard());
        Map<UUID, Integer> owner = new HashMap<>();
        Set<Integer> known = new HashSet<>();
        Map<Long, SourceRecord> byId = new HashMap<>();
        int duplicates = 0, links = 0, correctLinks = 0, reviews = 0, correctReviews = 0, missed = 0;
        List<String> examples = new ArrayList<>();
        for (SourceRecord r : records) {
            byId.put(r.recordId(), r);
            MatchDecision decision = engine.match(r.demographics());
            boolean duplicate = known.contains(r.personId());
            duplicates += duplicate ? 1 : 0;
            boolean right = decision.best() != null && owner.get(decision.best().euid()) == r.personId();
            UUID euid;
            switch (decision.outcome()) {
                case LINK -> {
                    links++;
                    correctLinks += right ? 1 : 0;
                    euid = decision.best().euid();
                    if (!right && verbose) {
                        examples.add("FALSE LINK " + describe(r, decision, byId));
                    }
                }
                case REVIEW -> {
                    reviews++;
                    correctReviews += right ? 1 : 0;
                    euid = new UUID(0, r.recordId());
                    owner.put(euid, r.personId());
                    if (!right && verbose && examples.size() < 60) {
                        examples.add("FALSE REVIEW " + describe(r, decision, byId));
                    }
                }
                default -> {
                    missed += duplicate ? 1 : 0;
                    euid = new UUID(0, r.recordId());
                    owner.put(euid, r.personId());
                    if (duplicate && verbose && examples.size() < 60) {
                        examples.add("MISSED " + describe(r, decision, byId));
                    }
                }
            }
            known.add(r.personId());
            engine.index(r.recordId(), euid, r.demographics());
        }
        examples.forEach(System.out::println);
        return new Counts(records.size(), duplicates, links, correctLinks, reviews, correctReviews, missed);
    }

    private static String describe(SourceRecord r, MatchDecision d, Map<Long, SourceRecord> byId) {
        String best = d.best() == null
                ? "none"
                : byId.get(d.best().recordId()).demographics() + " " + d.best().score();
        return String.format("%.1f%n  in:   %s%n  best: %s", d.score(), r.demographics(), best);
    }

    /**
     * Run with {@code -Dmpi.quality.verbose=true} to print the wrong decisions with their scores, and with
     * {@code -Dmpi.quality.seed=<n>} to try another population.
     */
    @Test
    void automaticLinksArePreciseAndReviewsFindAlmostEveryDuplicate() {
        List<SourceRecord> records = SyntheticPopulation.generate(Long.getLong("mpi.quality.seed", SEED), PEOPLE);
        Counts c = run(records, MatchingSettings.defaults(), Boolean.getBoolean("mpi.quality.verbose"));

        System.out.printf(
                "matching quality on %,d records (%,d duplicates of a known person):%n"
                        + "  links   %,6d correct %,6d  precision %.4f  recall %.4f%n"
                        + "  reviews %,6d correct %,6d  precision %.4f  recall %.4f%n"
                        + "  overall (review counts as found)  precision %.4f  recall %.4f  F1 %.4f; missed %,d%n",
                c.records(),
                c.duplicates(),
                c.links(),
                c.correctLinks(),
                c.linkPrecision(),
                c.linkRecall(),
                c.reviews(),
                c.correctReviews(),
                c.reviewPrecision(),
                c.reviewRecall(),
                c.precision(),
                c.recall(),
                c.f1(),
                c.missed());

        assertThat(records).hasSizeGreaterThanOrEqualTo(10_000);
        assertThat(c.linkPrecision()).isGreaterThanOrEqualTo(0.995);
        assertThat(c.f1()).isGreaterThanOrEqualTo(0.95);
    }
}
