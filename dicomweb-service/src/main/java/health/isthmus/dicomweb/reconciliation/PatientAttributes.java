package health.isthmus.dicomweb.reconciliation;

import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PersonName;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The patient attributes a study row serves (DICOM forms): the MPI's current demographics once the study's identity is
 * known, else those the images carried.
 *
 * @param name Patient's Name (0010,0010), PN
 * @param nameSearch the name as name matching reads it (alphabetic group, upper case)
 * @param birthDate Patient's Birth Date (0010,0030), DA
 * @param sex Patient's Sex (0010,0040)
 */
public record PatientAttributes(
        @Nullable String name,
        @Nullable String nameSearch,
        @Nullable String birthDate,
        @Nullable String sex) {

    /** Attributes of a PN value, a DA value and a sex as the images or the row hold them. */
    public static PatientAttributes of(@Nullable String name, @Nullable String birthDate, @Nullable String sex) {
        return new PatientAttributes(name, search(name), birthDate, sex);
    }

    /** These attributes with every value the MPI states replacing this one; values it leaves out stay. */
    public PatientAttributes following(PatientDemographics demographics) {
        String mpiName = demographics.names().isEmpty()
                ? null
                : toDicom(demographics.names().getFirst());
        String mpiBirthDate = demographics.birthDate() == null
                ? null
                : demographics.birthDate().format(DateTimeFormatter.BASIC_ISO_DATE);
        return of(
                mpiName != null ? mpiName : name,
                mpiBirthDate != null ? mpiBirthDate : birthDate,
                demographics.sex() != null ? demographics.sex() : sex);
    }

    /** The alphabetic group of a PN value in upper case, the form name matching compares. */
    static @Nullable String search(@Nullable String name) {
        if (name == null) {
            return null;
        }
        int ideographic = name.indexOf('=');
        return (ideographic < 0 ? name : name.substring(0, ideographic)).strip().toUpperCase(Locale.ROOT);
    }

    /**
     * An HL7 name as a DICOM PN alphabetic group ({@code FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX}, further given names as
     * the middle component, trailing empty components left out); null when the name has no part.
     */
    static @Nullable String toDicom(PersonName name) {
        List<String> given = name.given().stream()
                .map(PatientAttributes::component)
                .filter(part -> !part.isEmpty())
                .toList();
        List<String> components = new ArrayList<>(List.of(
                component(name.family()),
                given.isEmpty() ? "" : given.getFirst(),
                given.size() < 2 ? "" : String.join(" ", given.subList(1, given.size())),
                component(name.prefix()),
                component(name.suffix())));
        while (!components.isEmpty() && components.getLast().isEmpty()) {
            components.removeLast();
        }
        return components.isEmpty() ? null : String.join("^", components);
    }

    // PN delimiters cannot be escaped in a DICOM value, so they become spaces
    private static String component(@Nullable String part) {
        return part == null ? "" : part.replaceAll("[\\^=\\\\]", " ").strip();
    }
}
