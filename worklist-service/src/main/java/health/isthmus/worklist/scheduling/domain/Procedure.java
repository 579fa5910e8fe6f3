package health.isthmus.worklist.scheduling.domain;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What is to be done in a step, as the order (or the user who created the entry) describes it.
 *
 * @param placerOrderNumber ORC-2
 * @param fillerOrderNumber ORC-3
 * @param requestedProcedureId Requested Procedure ID (0040,1001)
 * @param requestedProcedureDescription Requested Procedure Description (0032,1060)
 * @param requestedProcedureCodes Requested Procedure Code Sequence (0032,1064)
 * @param stepDescription Scheduled Procedure Step Description (0040,0007)
 * @param protocolCodes Scheduled Protocol Code Sequence (0040,0008)
 * @param modality Modality (0008,0060)
 * @param stationAeTitle Scheduled Station AE Title (0040,0001)
 * @param stationName Scheduled Station Name (0040,0010)
 * @param location Scheduled Procedure Step Location (0040,0011)
 * @param start when it is to start
 * @param performingPhysician Scheduled Performing Physician's Name (0040,0006), PN form
 * @param requestingPhysician Requesting Physician (0032,1032), PN form
 * @param referringPhysician Referring Physician's Name (0008,0090), PN form
 * @param priority the HL7 priority as sent (S, A, R, P, C, T)
 * @param reason Reason for the Requested Procedure (0040,1002)
 * @param studyInstanceUid Study Instance UID (0020,000D)
 */
public record Procedure(
        @Nullable String placerOrderNumber,
        @Nullable String fillerOrderNumber,
        String requestedProcedureId,
        @Nullable String requestedProcedureDescription,
        List<ProcedureCode> requestedProcedureCodes,
        @Nullable String stepDescription,
        List<ProcedureCode> protocolCodes,
        @Nullable String modality,
        @Nullable String stationAeTitle,
        @Nullable String stationName,
        @Nullable String location,
        @Nullable ScheduledStart start,
        @Nullable String performingPhysician,
        @Nullable String requestingPhysician,
        @Nullable String referringPhysician,
        @Nullable String priority,
        @Nullable String reason,
        String studyInstanceUid) {

    public Procedure {
        requestedProcedureCodes = List.copyOf(requestedProcedureCodes);
        protocolCodes = List.copyOf(protocolCodes);
    }

    /** The DICOM Requested Procedure Priority (0040,1003) of the HL7 priority. */
    public @Nullable String dicomPriority() {
        return Priorities.dicomOf(priority);
    }
}
