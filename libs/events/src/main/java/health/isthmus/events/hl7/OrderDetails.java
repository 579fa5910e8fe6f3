package health.isthmus.events.hl7;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PersonName;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An imaging order as the placer or RIS sent it (ORC, OBR, TQ1, IPC and the customary ZDS).
 *
 * @param orderControl ORC-1 (NW, XO, CA, DC, SC, HD, RL)
 * @param orderStatus ORC-5, if sent
 * @param placerOrderNumber ORC-2 (or OBR-2)
 * @param fillerOrderNumber ORC-3 (or OBR-3), if sent
 * @param accessionNumber IPC-1, or OBR-18 by IHE Scheduled Workflow custom
 * @param requestedProcedureId IPC-2, or OBR-19
 * @param scheduledProcedureStepId IPC-4, or OBR-20
 * @param modality IPC-5, or OBR-24 (diagnostic service section)
 * @param scheduledStationAeTitle IPC-9, if sent
 * @param scheduledStationName IPC-7, if sent
 * @param scheduledStart TQ1-7 or ORC-7/OBR-27 start, as sent (HL7 DTM, local time of the sender)
 * @param priority TQ1-9 or ORC-7/OBR-27 priority (S, A, R, P, C, T)
 * @param procedureCodes OBR-4 (universal service identifier)
 * @param orderingProvider ORC-12 or OBR-16, if sent
 * @param orderingProviderId the provider's id number, if sent
 * @param reason OBR-31 (reason for study), if sent
 * @param studyInstanceUid IPC-3, or ZDS-1, when the sender assigns one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderDetails(
        String orderControl,
        @Nullable String orderStatus,
        String placerOrderNumber,
        @Nullable String fillerOrderNumber,
        @Nullable String accessionNumber,
        @Nullable String requestedProcedureId,
        @Nullable String scheduledProcedureStepId,
        @Nullable String modality,
        @Nullable String scheduledStationAeTitle,
        @Nullable String scheduledStationName,
        @Nullable String scheduledStart,
        @Nullable String priority,
        List<CodedValue> procedureCodes,
        @Nullable PersonName orderingProvider,
        @Nullable String orderingProviderId,
        @Nullable CodedValue reason,
        @Nullable String studyInstanceUid) {

    public OrderDetails {
        procedureCodes = List.copyOf(procedureCodes);
    }
}
