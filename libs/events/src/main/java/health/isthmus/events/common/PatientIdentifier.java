package health.isthmus.events.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A patient identifier as issued by an assigning authority (HL7 v2 CX: PID-3 component 1, 4 and 5).
 *
 * @param value the identifier, for example {@code MRN100001}
 * @param assigningAuthority the namespace id of the issuer, for example {@code GENHOSP}
 * @param typeCode the identifier type of HL7 table 0203 ({@code MR}, {@code NI}, {@code SS}...), if sent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PatientIdentifier(
        String value, String assigningAuthority, @Nullable String typeCode) {

    /** The key used for partitioning and lookups: {@code <assigningAuthority>|<value>}. */
    public String qualified() {
        return assigningAuthority + "|" + value;
    }
}
