package health.isthmus.events.mpi;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What made the MPI change an identity.
 *
 * @param kind {@code hl7} for a message of the hospital systems, {@code matching} for an automatic link, {@code
 *     review} for a decided review task, {@code admin} for an administrator's link, unlink or unmerge
 * @param reference the HL7 message ({@code <MSH-4>|<MSH-10>} and its trigger, for example {@code
 *     GENHOSP|MSG-A40-0001 A40}), the review task id, or the admin operation
 * @param actor the user who decided, for review and admin changes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MpiCause(
        String kind, String reference, @Nullable String actor) {}
