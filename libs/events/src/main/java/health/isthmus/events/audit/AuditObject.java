package health.isthmus.events.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A piece of data the action touched (PS3.15 A.5 ParticipantObjectIdentification).
 *
 * @param type what kind of data it is
 * @param id its identifier: a qualified patient identifier {@code <authority>|<value>}, an accession
 *     number, a Study Instance UID, an HL7 control id, a query
 * @param idType how {@code id} is to be read, for example {@code MR}, {@code ACSN},
 *     {@code StudyInstanceUID}, {@code MSH-10}
 * @param detail a short free-text detail, for example the HL7 trigger; never patient data beyond the id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditObject(
        Type type, String id, String idType, @Nullable String detail) {

    /** Kinds of audited data. */
    public enum Type {
        PATIENT,
        ORDER,
        STUDY,
        REPORT,
        MESSAGE,
        QUERY
    }
}
