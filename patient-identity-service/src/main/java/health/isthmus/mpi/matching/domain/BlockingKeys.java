package health.isthmus.mpi.matching.domain;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The keys under which a record is indexed and looked for. Two records are scored against each other only when
 * they share a key, so the keys are chosen to let each kind of error through at least one of them:
 *
 * <ul>
 *   <li>{@code F:} phonetic family name (both Double Metaphone codes) + birth year, for every family name and
 *       every word of a double-barrelled one (spelling errors, day/month errors, married names kept as a previous name or hyphenated);
 *   <li>{@code D:} birth date + sex, with both sexes when sex is unknown (a new family name);
 *   <li>{@code N:} national id;
 *   <li>{@code P:} phone number;
 *   <li>{@code A:} postal code + given-name initial (birth date errors at the same address);
 *   <li>{@code G:} given name with nicknames resolved, phonetically + birth year + birth month and day in either
 *       order (a new family name together with a missing sex).
 * </ul>
 */
public final class BlockingKeys {

    private final Nicknames nicknames;

    public BlockingKeys(Nicknames nicknames) {
        this.nicknames = nicknames;
    }

    public Set<String> of(MatchProfile p) {
        Set<String> keys = new LinkedHashSet<>();
        LocalDate birth = p.birthDate();
        String year = birth == null ? "" : Integer.toString(birth.getYear());
        for (MatchProfile.NameForm name : p.names()) {
            if (!name.familyCode().isEmpty()) {
                keys.add("F:" + name.familyCode() + ':' + year);
                keys.add("F:" + name.familyAlternate() + ':' + year);
            }
            if (name.familyWords().size() > 1) {
                for (String word : name.familyWords()) {
                    String code = Phonetics.primary(word);
                    if (code.length() > 1) {
                        keys.add("F:" + code + ':' + year);
                    }
                }
            }
        }
        if (birth != null) {
            switch (p.sex()) {
                case FEMALE -> keys.add("D:" + birth + ":F");
                case MALE -> keys.add("D:" + birth + ":M");
                default -> {
                    keys.add("D:" + birth + ":F");
                    keys.add("D:" + birth + ":M");
                }
            }
            String given = p.name().given();
            if (given.length() > 1) {
                int day = birth.getDayOfMonth();
                int month = birth.getMonthValue();
                keys.add("G:" + Phonetics.primary(nicknames.canonical(given)) + ':' + year + ':' + Math.min(day, month)
                        + '-' + Math.max(day, month));
            }
        }
        if (!p.nationalId().isEmpty()) {
            keys.add("N:" + p.nationalId());
        }
        if (!p.phone().isEmpty()) {
            keys.add("P:" + p.phone());
        }
        if (!p.postalCode().isEmpty() && !p.name().given().isEmpty()) {
            keys.add("A:" + p.postalCode() + ':' + p.name().given().charAt(0));
        }
        return keys;
    }
}
