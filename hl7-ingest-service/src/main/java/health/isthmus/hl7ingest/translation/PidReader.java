package health.isthmus.hl7ingest.translation;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.XAD;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.datatype.XTN;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.util.Terser;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.common.PostalAddress;
import health.isthmus.hl7.ack.Hl7Problem;
import health.isthmus.hl7.message.Segments;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads a PID segment into demographics; a patient without an identifier in PID-3 is invalid. */
public final class PidReader {

    private PidReader() {}

    /**
     * The message's first PID, found by walking only the segments it carries (HAPI's {@code Terser} path search costs
     * more than the rest of a translation); when it has none, the empty PID the message model holds, as before.
     */
    public static PID pidOf(Message message) throws HL7Exception {
        Optional<Segment> carried = Segments.first(message, "PID");
        return (PID) (carried.isPresent() ? carried.get() : new Terser(message).getSegment("/.PID"));
    }

    /** The demographics of a PID, or the problem that makes it unusable. */
    public static Result read(PID pid) {
        List<PatientIdentifier> identifiers = identifiers(pid.getPatientIdentifierList());
        if (identifiers.isEmpty()) {
            return new Result(
                    null,
                    Hl7Problem.requiredFieldMissing(
                            "PID",
                            3,
                            "PID-3 (patient identifier list) needs an identifier with its assigning authority"));
        }
        LocalDate birthDate;
        try {
            birthDate = birthDate(pid.getDateTimeOfBirth().getTime().getValue());
        } catch (DateTimeParseException e) {
            return new Result(null, new Hl7Problem(ErrorCode.DATA_TYPE_ERROR, "PID-7 is not a valid date", "PID", 7));
        }
        return new Result(
                new PatientDemographics(
                        identifiers,
                        names(pid.getPatientName()),
                        birthDate,
                        text(pid.getAdministrativeSex().getValue()),
                        address(pid.getPatientAddress()),
                        phone(pid.getPhoneNumberHome())),
                null);
    }

    /** Identifiers with both an id and an assigning authority namespace; others cannot name a patient. */
    public static List<PatientIdentifier> identifiers(CX[] list) {
        List<PatientIdentifier> identifiers = new ArrayList<>();
        for (CX cx : list) {
            String value = text(cx.getIDNumber().getValue());
            String authority = text(cx.getAssigningAuthority().getNamespaceID().getValue());
            if (value != null && authority != null) {
                identifiers.add(new PatientIdentifier(
                        value, authority, text(cx.getIdentifierTypeCode().getValue())));
            }
        }
        return identifiers;
    }

    /** Names with a family or a given name. */
    public static List<PersonName> names(XPN[] list) {
        List<PersonName> names = new ArrayList<>();
        for (XPN xpn : list) {
            String family = text(xpn.getFamilyName().getSurname().getValue());
            List<String> given = new ArrayList<>();
            addIfPresent(given, xpn.getGivenName().getValue());
            addIfPresent(
                    given, xpn.getSecondAndFurtherGivenNamesOrInitialsThereof().getValue());
            if (family != null || !given.isEmpty()) {
                names.add(new PersonName(
                        family,
                        given,
                        text(xpn.getPrefixEgDR().getValue()),
                        text(xpn.getSuffixEgJRorIII().getValue())));
            }
        }
        return names;
    }

    /** The first address of PID-11 that says anything. */
    static @Nullable PostalAddress address(XAD[] list) {
        for (XAD xad : list) {
            List<String> lines = new ArrayList<>();
            addIfPresent(
                    lines, xad.getStreetAddress().getStreetOrMailingAddress().getValue());
            addIfPresent(lines, xad.getOtherDesignation().getValue());
            String city = text(xad.getCity().getValue());
            String state = text(xad.getStateOrProvince().getValue());
            String postalCode = text(xad.getZipOrPostalCode().getValue());
            String country = text(xad.getCountry().getValue());
            if (!lines.isEmpty() || city != null || postalCode != null) {
                return new PostalAddress(lines, city, state, postalCode, country);
            }
        }
        return null;
    }

    /**
     * The first home number of PID-13: XTN-1 as sent, else XTN-12 (unformatted), else country, area and local
     * number (XTN-5 to 7) joined by spaces.
     */
    static @Nullable String phone(XTN[] list) {
        for (XTN xtn : list) {
            String number = text(xtn.getTelephoneNumber().getValue());
            if (number == null) {
                number = text(xtn.getUnformattedTelephoneNumber().getValue());
            }
            if (number == null) {
                List<String> parts = new ArrayList<>();
                addIfPresent(parts, xtn.getCountryCode().getValue());
                addIfPresent(parts, xtn.getAreaCityCode().getValue());
                addIfPresent(parts, xtn.getLocalNumber().getValue());
                number = parts.isEmpty() ? null : String.join(" ", parts);
            }
            if (number != null) {
                return number;
            }
        }
        return null;
    }

    /** A trimmed value, or null when empty. */
    public static @Nullable String text(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static @Nullable LocalDate birthDate(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() < 8) {
            throw new DateTimeParseException("birth date needs a day", value, 0);
        }
        return LocalDate.parse(value.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
    }

    private static void addIfPresent(List<String> values, @Nullable String value) {
        String present = text(value);
        if (present != null) {
            values.add(present);
        }
    }

    /**
     * Demographics or a problem.
     *
     * @param demographics the patient, when readable
     * @param problem what is wrong, when not
     */
    public record Result(
            @Nullable PatientDemographics demographics,
            @Nullable Hl7Problem problem) {}
}
