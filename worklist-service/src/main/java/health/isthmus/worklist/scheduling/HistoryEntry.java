package health.isthmus.worklist.scheduling;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One change of a step, as {@code procedure_step_history} keeps it.
 *
 * @param at when
 * @param action scheduled, changed, cancelled, held, released, patient changed...
 * @param cause who or what: {@code hl7 <MSH-4>|<MSH-10> <trigger>}, {@code mpi <event>}, {@code user <subject>}
 * @param detail what changed (field names) and the message or event that changed it
 */
public record HistoryEntry(long id, Instant at, String action, String cause, JsonNode detail) {}
