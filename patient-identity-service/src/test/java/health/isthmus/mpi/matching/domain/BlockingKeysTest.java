package health.isthmus.mpi.matching.domain;

import static health.isthmus.mpi.matching.domain.Records.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockingKeysTest {

    private final BlockingKeys keys = new BlockingKeys(Nicknames.standard());

    private Set<String> shared(Records a, Records b) {
        Set<String> common = new HashSet<>(keys.of(a.profile()));
        common.retainAll(keys.of(b.profile()));
        return common;
    }

    @Test
    void aRecordHasAKeyOfEachKind() {
        Set<String> of =
                keys.of(patient().phone("07700 900123").nationalId("9434765919").profile());

        assertThat(of)
                .contains("D:1970-04-03:M", "N:9434765919", "P:700900123", "A:N12AB:J")
                .anyMatch(k -> k.startsWith("F:") && k.endsWith(":1970"))
                .anyMatch(k -> k.startsWith("G:") && k.endsWith(":1970:3-4"));
    }

    @Test
    void aSpellingErrorInTheFamilyNameKeepsThePhoneticKey() {
        assertThat(shared(patient().name("Smith", "Anna", null), patient().name("Smyth", "Anna", null)))
                .anyMatch(k -> k.startsWith("F:"));
    }

    @Test
    void aDoubleBarrelledNameSharesAKeyWithEachPart() {
        assertThat(shared(patient().name("Smith", "Jane", null), patient().name("Smith-Jones", "Jane", null)))
                .anyMatch(k -> k.startsWith("F:"));
    }

    @Test
    void aNewFamilyNameWithTransposedBirthDateAndUnknownSexIsStillFoundByGivenName() {
        var before = patient().name("Smith", "William", null);
        var after = patient()
                .name("Jones", "Bill", null)
                .born(LocalDate.of(1970, 3, 4))
                .sex(Sex.UNKNOWN)
                .address(null, null);
        assertThat(shared(before, after))
                .singleElement()
                .satisfies(k -> assertThat(k).startsWith("G:"));
    }

    @Test
    void anUnknownSexIsBlockedWithBothSexes() {
        assertThat(keys.of(patient().sex(Sex.UNKNOWN).profile())).contains("D:1970-04-03:F", "D:1970-04-03:M");
    }

    @Test
    void missingValuesMakeNoKeys() {
        var empty = new Demographics(
                java.util.List.of(new Identifier("X1", "SITE")),
                java.util.List.of(),
                null,
                Sex.UNKNOWN,
                null,
                null,
                null);
        assertThat(keys.of(MatchProfile.of(empty))).isEmpty();
    }
}
