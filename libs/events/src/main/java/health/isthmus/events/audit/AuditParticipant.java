package health.isthmus.events.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A user, client, system or process taking part in an audited action (PS3.15 A.5 ActiveParticipant).
 *
 * @param userId the participant's identity: a token subject, a client id, an AE title, or an HL7 sender
 *     written {@code <MSH-3>|<MSH-4>}
 * @param userName a readable name, if known
 * @param requestor whether this participant asked for the action
 * @param networkAccessPoint the address it acted from or on
 * @param roles its roles (token roles, or {@code Source}/{@code Destination} for systems)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditParticipant(
        String userId,
        @Nullable String userName,
        boolean requestor,
        @Nullable String networkAccessPoint,
        List<String> roles) {

    public AuditParticipant {
        roles = List.copyOf(roles);
    }
}
