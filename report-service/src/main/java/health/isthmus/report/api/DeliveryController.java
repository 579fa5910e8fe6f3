package health.isthmus.report.api;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.platform.web.BadRequestException;
import health.isthmus.report.audit.ReportAudit;
import health.isthmus.report.delivery.Delivery;
import health.isthmus.report.delivery.DeliveryQueue;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** For admins: the ORU deliveries to the HIS with their state, and resending a failed or dead-lettered one. */
@RestController
@RequestMapping("/api/reports/deliveries")
public class DeliveryController {

    private static final Set<String> STATES =
            Set.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.FAILED, Delivery.DEAD_LETTERED);

    private final DeliveryQueue deliveries;
    private final ReportAudit audit;
    private final TransactionTemplate transactions;

    public DeliveryController(DeliveryQueue deliveries, ReportAudit audit, TransactionTemplate transactions) {
        this.deliveries = deliveries;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Deliveries, newest first, in one state ({@code pending}, {@code delivered}, {@code failed}, {@code dead-lettered}). */
    @GetMapping
    List<Delivery> list(
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String limit,
            HttpServletRequest request) {
        String wanted = ReportController.blankToNull(state);
        if (wanted != null && !STATES.contains(wanted)) {
            throw new BadRequestException("state is one of pending, delivered, failed, dead-lettered");
        }
        List<Delivery> found = deliveries.list(wanted, ReportController.limit(limit));
        audit.userAccess(
                AuditCodes.QUERY,
                "list report deliveries",
                AuditAction.E,
                List.of(),
                List.of(),
                request.getQueryString() == null ? "(no filter)" : request.getQueryString(),
                AuditOutcome.SUCCESS,
                request);
        return found;
    }

    @GetMapping("/{id}")
    Delivery get(@PathVariable long id, HttpServletRequest request) {
        Delivery delivery = deliveries.find(id).orElseThrow(() -> new UnknownDeliveryException(id));
        audit.userAccess(
                AuditCodes.PROCEDURE_RECORD,
                "read report delivery",
                AuditAction.R,
                List.of(),
                List.of(),
                "delivery " + id,
                AuditOutcome.SUCCESS,
                request);
        return delivery;
    }

    /** Queues a failed or dead-lettered delivery again as a new message; 409 for any other state. */
    @PostMapping("/{id}/resend")
    Delivery resend(@PathVariable long id, HttpServletRequest request) {
        try {
            return transactions.execute(status -> {
                Delivery resent = deliveries.resend(id).orElseThrow(() -> new UnknownDeliveryException(id));
                audit.userAccess(
                        AuditCodes.PROCEDURE_RECORD,
                        "resend report delivery",
                        AuditAction.U,
                        List.of(),
                        List.of(),
                        "delivery " + id,
                        AuditOutcome.SUCCESS,
                        request);
                return resent;
            });
        } catch (RuntimeException refused) {
            audit.userAccess(
                    AuditCodes.PROCEDURE_RECORD,
                    "resend report delivery (refused)",
                    AuditAction.U,
                    List.of(),
                    List.of(),
                    "delivery " + id,
                    AuditOutcome.MINOR_FAILURE,
                    request);
            throw refused;
        }
    }
}
