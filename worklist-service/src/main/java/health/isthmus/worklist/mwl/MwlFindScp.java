package health.isthmus.worklist.mwl;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.InvalidValueException;
import health.isthmus.dicom.dimse.DimseException;
import health.isthmus.dicom.dimse.FindHandler;
import health.isthmus.dicom.dimse.FindRequest;
import health.isthmus.dicom.dimse.FindResponder;
import health.isthmus.dicom.dimse.Status;
import health.isthmus.events.audit.AuditOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Modality Worklist Information Model - FIND SCP: narrows the scheduled steps in SQL, matches exactly in Java,
 * answers each match as a pending response, and audits the query. A query with more matches than the configured
 * limit is refused with A700 (Refused: Out of Resources) before any match is sent, so a modality never takes a
 * truncated list for the whole worklist.
 */
@Component
public class MwlFindScp implements FindHandler {

    private static final Logger log = LoggerFactory.getLogger(MwlFindScp.class);

    private final WorklistItems items;
    private final MwlProperties properties;
    private final MwlAudit audit;
    private final MeterRegistry meters;

    public MwlFindScp(WorklistItems items, MwlProperties properties, MwlAudit audit, MeterRegistry meters) {
        this.items = items;
        this.properties = properties;
        this.audit = audit;
        this.meters = meters;
    }

    @Override
    public void find(FindRequest request, Attributes identifier, FindResponder responder) throws IOException {
        long started = System.nanoTime();
        String callingAe = request.callingAeTitle();
        WorklistPrefilter filter;
        try {
            filter = WorklistPrefilter.of(
                    identifier,
                    properties.statuses(),
                    properties.stationFilter().get(callingAe));
        } catch (InvalidValueException | IllegalArgumentException e) {
            refuse(request, identifier, Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "invalid key: " + e.getMessage());
            return;
        }
        int limit = properties.resultLimit();
        List<WorklistItems.Item> matches = new ArrayList<>();
        try {
            items.forEach(filter, item -> {
                if (responder.cancelled()) {
                    return false;
                }
                if (MwlMatcher.matches(identifier, item.attributes())) {
                    matches.add(item);
                }
                return matches.size() <= limit;
            });
        } catch (InvalidValueException e) {
            refuse(request, identifier, Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "invalid key: " + e.getMessage());
            return;
        }
        if (matches.size() > limit) {
            refuse(request, identifier, Status.OUT_OF_RESOURCES, "more than " + limit + " matches: narrow the query");
            return;
        }
        List<MwlAudit.Patient> returned = new ArrayList<>(matches.size());
        for (WorklistItems.Item match : matches) {
            if (responder.cancelled()) {
                break;
            }
            returned.add(new MwlAudit.Patient(match.patientId(), match.issuerOfPatientId()));
            if (!responder.pending(MwlResponses.response(identifier, match.attributes()))) {
                break;
            }
        }
        String outcome = responder.cancelled() ? "cancelled" : "success";
        audit.query(
                callingAe,
                request.association().calledAeTitle(),
                request.association().remoteAddress(),
                identifier,
                returned,
                AuditOutcome.SUCCESS,
                responder.cancelled() ? "cancelled by the requestor" : null);
        Timer.builder("isthmus.worklist.mwl.queries")
                .tag("outcome", outcome)
                .register(meters)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        log.debug("MWL query from {}: {} of {} matches sent", callingAe, returned.size(), matches.size());
    }

    private void refuse(FindRequest request, Attributes identifier, int status, String why) {
        audit.query(
                request.callingAeTitle(),
                request.association().calledAeTitle(),
                request.association().remoteAddress(),
                identifier,
                List.of(),
                AuditOutcome.MINOR_FAILURE,
                why);
        meters.counter("isthmus.worklist.mwl.queries.refused", "status", String.format("%04X", status))
                .increment();
        log.info("MWL query from {} refused with {}", request.callingAeTitle(), String.format("%04X", status));
        log.debug("MWL query refused: {}", why);
        throw new DimseException(status, why);
    }
}
