package health.isthmus.events.hl7;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.EventContract;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientDemographics;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ORU^R01 from an external reporting system: a report for an order, keyed like the order's events by the
 * sending facility and the accession number (OBR-18), or the placer order number without one.
 *
 * @param origin the stored message
 * @param patient the patient as the sender describes it
 * @param placerOrderNumber OBR-2
 * @param fillerOrderNumber OBR-3, if sent
 * @param accessionNumber OBR-18, if sent
 * @param procedureCode OBR-4
 * @param resultStatus OBR-25 (F final, C corrected, P preliminary, X cancelled...)
 * @param observedAt OBR-7 as sent (HL7 DTM)
 * @param reportedAt OBR-22 as sent (HL7 DTM)
 * @param observations the OBX segments in order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@EventContract(type = "hl7.ExternalReportReceived", version = 1, topic = Hl7Topics.REPORT)
public record ExternalReportReceived(
        Hl7Origin origin,
        PatientDemographics patient,
        String placerOrderNumber,
        @Nullable String fillerOrderNumber,
        @Nullable String accessionNumber,
        @Nullable CodedValue procedureCode,
        @Nullable String resultStatus,
        @Nullable String observedAt,
        @Nullable String reportedAt,
        List<ReportObservation> observations)
        implements IsthmusEvent {

    public ExternalReportReceived {
        observations = List.copyOf(observations);
    }

    @Override
    @JsonIgnore
    public String partitionKey() {
        return origin.sendingFacility() + "|" + (accessionNumber != null ? accessionNumber : placerOrderNumber);
    }
}
