package health.isthmus.mpi.matching.domain;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * One comparator per {@link Field}, each telling how far two records agree on it and why.
 *
 * <table>
 *   <caption>levels per field</caption>
 *   <tr><th>field</th><th>exact</th><th>close</th><th>partial</th></tr>
 *   <tr><td>family name</td><td>equal</td><td>Jaro-Winkler &ge; 0.92 or same phonetic code</td>
 *       <td>one word of a double-barrelled name shared, or equal to the other's previous name</td></tr>
 *   <tr><td>given name</td><td>equal</td><td>nickname, Jaro-Winkler &ge; 0.90 or same phonetic code</td>
 *       <td>given and middle name swapped, or an initial only</td></tr>
 *   <tr><td>birth date</td><td>equal</td><td>day and month transposed</td><td>two of day, month and year equal</td></tr>
 *   <tr><td>sex</td><td>equal (F, M or other; unknown is missing)</td><td></td><td></td></tr>
 *   <tr><td>address</td><td>same first line, postal codes equal or one missing</td>
 *       <td>same postal code and a similar first line, or same line and one character off in the postal code</td>
 *       <td>same postal code only</td></tr>
 *   <tr><td>phone, national id</td><td>equal</td><td>one typing error apart</td><td></td></tr>
 * </table>
 */
public final class Comparators {

    static final double FAMILY_CLOSE = 0.92;
    static final double GIVEN_CLOSE = 0.90;
    static final double ADDRESS_CLOSE = 0.90;

    private Comparators() {}

    public static Comparison compare(Field field, MatchProfile a, MatchProfile b, Nicknames nicknames) {
        return switch (field) {
            case FAMILY_NAME -> familyName(a, b);
            case GIVEN_NAME -> givenName(a, b, nicknames);
            case BIRTH_DATE -> birthDate(a.birthDate(), b.birthDate());
            case SEX -> sex(a.sex(), b.sex());
            case ADDRESS -> address(a, b);
            case PHONE -> typed(a.phone(), b.phone());
            case NATIONAL_ID -> typed(a.nationalId(), b.nationalId());
        };
    }

    public static Comparison familyName(MatchProfile a, MatchProfile b) {
        String x = a.name().family();
        String y = b.name().family();
        if (x.isEmpty() || y.isEmpty()) {
            return Comparison.MISSING;
        }
        if (x.equals(y)) {
            return Comparison.EQUAL;
        }
        if (similar(x, y, FAMILY_CLOSE)
                || soundAlike(
                        a.name().familyCode(),
                        a.name().familyAlternate(),
                        b.name().familyCode(),
                        b.name().familyAlternate())) {
            return new Comparison(Level.CLOSE, "spelling");
        }
        for (String word : a.name().familyWords()) {
            if (word.length() > 1 && b.name().familyWords().contains(word)) {
                return new Comparison(Level.PARTIAL, "one part of a double-barrelled name");
            }
        }
        if (sharesFamilyWithOtherName(a, b) || sharesFamilyWithOtherName(b, a)) {
            return new Comparison(Level.PARTIAL, "previous name");
        }
        return Comparison.DIFFERENT;
    }

    private static boolean sharesFamilyWithOtherName(MatchProfile a, MatchProfile b) {
        for (int i = 1; i < a.names().size(); i++) {
            String previous = a.names().get(i).family();
            if (!previous.isEmpty()) {
                for (MatchProfile.NameForm other : b.names()) {
                    if (previous.equals(other.family())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    public static Comparison givenName(MatchProfile a, MatchProfile b, Nicknames nicknames) {
        MatchProfile.NameForm p = a.name();
        MatchProfile.NameForm q = b.name();
        String x = p.given();
        String y = q.given();
        if (x.isEmpty() || y.isEmpty()) {
            return Comparison.MISSING;
        }
        if (x.equals(y)) {
            return Comparison.EQUAL;
        }
        if (x.length() > 1 && y.length() > 1) {
            if (nicknames.equivalent(x, y)) {
                return new Comparison(Level.CLOSE, "nickname");
            }
            if (similar(x, y, GIVEN_CLOSE)
                    || soundAlike(p.givenCode(), p.givenAlternate(), q.givenCode(), q.givenAlternate())) {
                return new Comparison(Level.CLOSE, "spelling");
            }
        }
        if (firstWordEquals(q.middle(), x) || firstWordEquals(p.middle(), y)) {
            return new Comparison(Level.PARTIAL, "given and middle name swapped");
        }
        if ((x.length() == 1 || y.length() == 1) && x.charAt(0) == y.charAt(0)) {
            return new Comparison(Level.PARTIAL, "initial");
        }
        return Comparison.DIFFERENT;
    }

    private static boolean firstWordEquals(String words, String word) {
        return words.equals(word) || words.startsWith(word + " ");
    }

    private static boolean similar(String x, String y, double threshold) {
        return JaroWinkler.similarity(x, y) >= threshold;
    }

    /** Whether either Double Metaphone code of one name equals either of the other's (codes of one letter say too little). */
    private static boolean soundAlike(String primaryX, String alternateX, String primaryY, String alternateY) {
        if (primaryX.length() < 2 || primaryY.length() < 2) {
            return false;
        }
        return primaryX.equals(primaryY)
                || primaryX.equals(alternateY)
                || alternateX.equals(primaryY)
                || (alternateX.length() > 1 && alternateX.equals(alternateY));
    }

    public static Comparison birthDate(@Nullable LocalDate a, @Nullable LocalDate b) {
        if (a == null || b == null) {
            return Comparison.MISSING;
        }
        if (a.equals(b)) {
            return Comparison.EQUAL;
        }
        if (a.getYear() == b.getYear()
                && a.getDayOfMonth() == b.getMonthValue()
                && a.getMonthValue() == b.getDayOfMonth()) {
            return new Comparison(Level.CLOSE, "day and month transposed");
        }
        int same = (a.getYear() == b.getYear() ? 1 : 0)
                + (a.getMonthValue() == b.getMonthValue() ? 1 : 0)
                + (a.getDayOfMonth() == b.getDayOfMonth() ? 1 : 0);
        if (same == 2) {
            return new Comparison(Level.PARTIAL, "one of day, month and year differs");
        }
        return Comparison.DIFFERENT;
    }

    public static Comparison sex(Sex a, Sex b) {
        if (a == Sex.UNKNOWN || b == Sex.UNKNOWN) {
            return Comparison.MISSING;
        }
        return a == b ? Comparison.EQUAL : Comparison.DIFFERENT;
    }

    public static Comparison address(MatchProfile a, MatchProfile b) {
        String lineA = a.addressLine();
        String lineB = b.addressLine();
        String codeA = a.postalCode();
        String codeB = b.postalCode();
        boolean lines = !lineA.isEmpty() && !lineB.isEmpty();
        boolean codes = !codeA.isEmpty() && !codeB.isEmpty();
        if (!lines && !codes) {
            return Comparison.MISSING;
        }
        boolean sameCode = codes && codeA.equals(codeB);
        if (lines && lineA.equals(lineB)) {
            if (sameCode || !codes) {
                return Comparison.EQUAL;
            }
            if (oneEditApart(codeA, codeB)) {
                return new Comparison(Level.CLOSE, "postal code one character off");
            }
            return Comparison.DIFFERENT;
        }
        if (sameCode) {
            if (lines && JaroWinkler.similarity(lineA, lineB) >= ADDRESS_CLOSE) {
                return new Comparison(Level.CLOSE, "street spelled differently");
            }
            return new Comparison(Level.PARTIAL, "same postal code");
        }
        return Comparison.DIFFERENT;
    }

    /** Phone numbers and national ids: equal, one typing error apart, or different. */
    public static Comparison typed(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Comparison.MISSING;
        }
        if (a.equals(b)) {
            return Comparison.EQUAL;
        }
        if (oneEditApart(a, b)) {
            return new Comparison(Level.CLOSE, "one typing error apart");
        }
        return Comparison.DIFFERENT;
    }

    /** One character substituted, inserted, deleted, or two neighbours transposed. */
    static boolean oneEditApart(String a, String b) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1) {
            return false;
        }
        int start = 0;
        while (start < Math.min(la, lb) && a.charAt(start) == b.charAt(start)) {
            start++;
        }
        int endA = la;
        int endB = lb;
        while (endA > start && endB > start && a.charAt(endA - 1) == b.charAt(endB - 1)) {
            endA--;
            endB--;
        }
        int restA = endA - start;
        int restB = endB - start;
        if (restA <= 1 && restB <= 1) {
            return true;
        }
        return restA == 2
                && restB == 2
                && a.charAt(start) == b.charAt(start + 1)
                && a.charAt(start + 1) == b.charAt(start);
    }
}
