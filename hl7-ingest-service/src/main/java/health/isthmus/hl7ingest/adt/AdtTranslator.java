package health.isthmus.hl7ingest.adt;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.message.ADT_A01;
import ca.uhn.hl7v2.model.v251.segment.PID;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.hl7.PatientAdmitted;
import health.isthmus.events.hl7.PatientEvent;
import health.isthmus.events.hl7.PatientRegistered;
import health.isthmus.events.hl7.PatientUpdated;
import health.isthmus.hl7.ack.Hl7Problem;
import health.isthmus.hl7.message.RawHeader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Reads ADT messages of the ADT_A01 structure (A01 admit, A04 register, A08 update) into patient events.
 * A patient without an identifier in PID-3 is invalid: nothing downstream could file it.
 */
@Component
public class AdtTranslator {

    private static final Map<String, BiFunction<Hl7Origin, PatientDemographics, PatientEvent>> TRIGGERS = Map.of(
            "A01", PatientAdmitted::new,
            "A04", PatientRegistered::new,
            "A08", PatientUpdated::new);

    /** Reads a parsed message. */
    public AdtTranslation translate(Message message, RawHeader header) {
        String[] type = header.messageType().split("\\^", -1);
        String trigger = type.length > 1 ? type[1] : "";
        var factory = TRIGGERS.get(trigger);
        if (!"ADT".equals(type[0]) || factory == null || !(message instanceof ADT_A01 adt)) {
            return new AdtTranslation.Unsupported(Hl7Problem.unsupportedMessageType(
                    "message type " + header.messageType() + " is not accepted here"));
        }
        PID pid = adt.getPID();
        List<PatientIdentifier> identifiers = identifiers(pid.getPatientIdentifierList());
        if (identifiers.isEmpty()) {
            return new AdtTranslation.Invalid(Hl7Problem.requiredFieldMissing(
                    "PID", 3, "PID-3 (patient identifier list) needs an identifier with its assigning authority"));
        }
        LocalDate birthDate;
        try {
            birthDate = birthDate(pid.getDateTimeOfBirth().getTime().getValue());
        } catch (DateTimeParseException e) {
            return new AdtTranslation.Invalid(
                    new Hl7Problem(ca.uhn.hl7v2.ErrorCode.DATA_TYPE_ERROR, "PID-7 is not a valid date", "PID", 7));
        }
        PatientDemographics patient = new PatientDemographics(
                identifiers,
                names(pid.getPatientName()),
                birthDate,
                blankToNull(pid.getAdministrativeSex().getValue()));
        var origin = new AdtTranslation.OriginTemplate(
                header.sendingApplication(), header.sendingFacility(), header.controlId(), trigger);
        return new AdtTranslation.Translated(trigger, origin, completed -> factory.apply(completed, patient));
    }

    private static List<PatientIdentifier> identifiers(CX[] list) {
        List<PatientIdentifier> identifiers = new ArrayList<>();
        for (CX cx : list) {
            String value = blankToNull(cx.getIDNumber().getValue());
            String authority =
                    blankToNull(cx.getAssigningAuthority().getNamespaceID().getValue());
            if (value != null && authority != null) {
                identifiers.add(new PatientIdentifier(
                        value, authority, blankToNull(cx.getIdentifierTypeCode().getValue())));
            }
        }
        return identifiers;
    }

    private static List<PersonName> names(XPN[] list) {
        List<PersonName> names = new ArrayList<>();
        for (XPN xpn : list) {
            String family = blankToNull(xpn.getFamilyName().getSurname().getValue());
            List<String> given = new ArrayList<>();
            addIfPresent(given, xpn.getGivenName().getValue());
            addIfPresent(
                    given, xpn.getSecondAndFurtherGivenNamesOrInitialsThereof().getValue());
            if (family != null || !given.isEmpty()) {
                names.add(new PersonName(
                        family,
                        given,
                        blankToNull(xpn.getPrefixEgDR().getValue()),
                        blankToNull(xpn.getSuffixEgJRorIII().getValue())));
            }
        }
        return names;
    }

    private static @Nullable LocalDate birthDate(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() < 8) {
            throw new DateTimeParseException("birth date needs a day", value, 0);
        }
        return LocalDate.parse(value.substring(0, 8), java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    }

    private static void addIfPresent(List<String> values, @Nullable String value) {
        String present = blankToNull(value);
        if (present != null) {
            values.add(present);
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
