package health.isthmus.report.lifecycle;

import health.isthmus.events.report.ReportAmended;
import health.isthmus.events.report.ReportFinalized;
import health.isthmus.events.report.ReportSummary;
import health.isthmus.platform.outbox.EventPublisher;
import health.isthmus.platform.security.SiteScope;
import health.isthmus.report.delivery.DeliveryQueue;
import health.isthmus.report.lifecycle.domain.Report;
import health.isthmus.report.lifecycle.domain.ReportStatus;
import health.isthmus.report.order.OrderBook;
import health.isthmus.report.order.ReportOrder;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The use cases of the report lifecycle: create a draft for an order, edit it, mark it preliminary, sign it final,
 * amend a signed report, cancel an unsigned one. Signing and amending queue the report's ORU for the HIS and publish
 * their event in the same transaction. Every method runs in the caller's transaction, and acts within the sites of the
 * calling user ({@link SiteScope#current()}): a report of another site is unknown to a site-limited user.
 */
@Component
public class ReportLifecycle {

    private final Reports reports;
    private final OrderBook orders;
    private final DeliveryQueue deliveries;
    private final EventPublisher events;
    private final Clock clock;

    public ReportLifecycle(
            Reports reports, OrderBook orders, DeliveryQueue deliveries, EventPublisher events, Clock clock) {
        this.reports = reports;
        this.orders = orders;
        this.deliveries = deliveries;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A draft for the order of an accession number; the order's site, patient and study when report-service knows
     * the order (they are attached when it arrives otherwise). For a site-limited user only orders of its sites are
     * known, and a draft for an unknown order is at the site named, else at the user's only site.
     *
     * @param site the order's site; needed only when the accession number is known at several sites
     * @param studyInstanceUid the study, when the order does not name it
     * @throws ReportConflictException when the order has an open report already, or the site is ambiguous
     * @throws OtherSiteException when a site-limited user names a site outside its sites
     */
    public Report create(
            String accessionNumber,
            @Nullable String site,
            @Nullable String studyInstanceUid,
            String text,
            String author) {
        SiteScope sites = SiteScope.current();
        if (site != null && !sites.allows(site)) {
            throw new OtherSiteException(site);
        }
        List<ReportOrder> known = (site != null
                        ? orders.find(site, accessionNumber).stream().toList()
                        : orders.findByAccession(accessionNumber))
                .stream().filter(candidate -> sites.allows(candidate.site())).toList();
        if (known.size() > 1) {
            throw new ReportConflictException("accession number " + accessionNumber + " is known at "
                    + known.stream().map(ReportOrder::site).collect(Collectors.joining(", "))
                    + ": name the site");
        }
        ReportOrder order = known.isEmpty() ? null : known.getFirst();
        String reportSite = order != null ? order.site() : site != null ? site : onlySiteOf(sites);
        reports.findOpen(reportSite, accessionNumber, Report.LOCAL).ifPresent(open -> {
            throw new ReportConflictException("accession number " + accessionNumber + " has report " + open.id() + " ("
                    + open.status().code() + ") already");
        });
        Instant now = clock.instant();
        Report draft = new Report(
                0,
                reportSite,
                accessionNumber,
                order != null && order.studyInstanceUid() != null ? order.studyInstanceUid() : studyInstanceUid,
                order == null ? null : order.patient(),
                order == null ? null : order.euid(),
                ReportStatus.DRAFT,
                text,
                Report.LOCAL,
                author,
                null,
                null,
                now,
                now,
                1);
        try {
            return reports.insert(draft, "created", null, null);
        } catch (DuplicateKeyException e) {
            throw new ReportConflictException("accession number " + accessionNumber + " has an open report already");
        }
    }

    public Report edit(long id, String text, String user) {
        Report before = locked(id);
        return reports.update(before.edit(text, clock.instant()), "edited", user, null);
    }

    public Report preliminary(long id, String user) {
        Report before = locked(id);
        return reports.update(before.preliminary(clock.instant()), "preliminary", user, null);
    }

    /** Signs the report final and queues its ORU (result status F). */
    public Report finalize(long id, String signer) {
        Report before = locked(id);
        Report signed = reports.update(before.sign(signer, clock.instant()), "finalized", signer, null);
        deliveries.enqueue(signed.id(), signed.version(), "F", signed.site(), signed.orderingKey());
        events.publish(new ReportFinalized(summary(signed), signer, signed.signedAt()));
        return signed;
    }

    /** Amends a signed report with new text and queues its ORU (result status C). */
    public Report amend(long id, String text, @Nullable String reason, String signer) {
        Report before = locked(id);
        Report amended = reports.update(before.amend(text, signer, clock.instant()), "amended", signer, reason);
        deliveries.enqueue(amended.id(), amended.version(), "C", amended.site(), amended.orderingKey());
        events.publish(new ReportAmended(summary(amended), signer, amended.signedAt(), reason));
        return amended;
    }

    public Report cancel(long id, @Nullable String reason, String user) {
        Report before = locked(id);
        return reports.update(before.cancel(clock.instant()), "cancelled", user, reason);
    }

    /** The report, locked; one of a site outside a site-limited user's is unknown to that user. */
    private Report locked(long id) {
        SiteScope sites = SiteScope.current();
        return reports.lock(id)
                .filter(report -> sites.allows(report.site()))
                .orElseThrow(() -> new UnknownReportException(id));
    }

    /** The site of a draft for an unknown order that names none: the user's site when it has exactly one. */
    private static @Nullable String onlySiteOf(SiteScope sites) {
        if (sites.isGlobal()) {
            return null;
        }
        if (sites.sites().size() > 1) {
            throw new ReportConflictException("the user works at several sites: name the site");
        }
        return sites.sites().iterator().next();
    }

    /** The report as events carry it. */
    public static ReportSummary summary(Report report) {
        return new ReportSummary(
                report.id(),
                report.version(),
                report.site(),
                report.accessionNumber(),
                report.studyInstanceUid(),
                report.patient(),
                report.euid(),
                report.status().code());
    }
}
