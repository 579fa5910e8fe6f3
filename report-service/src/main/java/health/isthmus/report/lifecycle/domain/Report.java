package health.isthmus.report.lifecycle.domain;

import health.isthmus.events.common.PatientIdentifier;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A report and the rules of its lifecycle: a draft is edited (and may be marked preliminary) until a radiologist
 * signs it final; a signed report changes only by amendment, each amendment signed; an unsigned report may be
 * cancelled. Every change is a new version.
 *
 * @param site the site of the order it answers, once known
 * @param patient the order's patient, once known
 * @param origin {@code local} (written here) or {@code external} (received from another reporting system)
 * @param author who created it
 * @param signer who signed the current version, once signed
 */
public record Report(
        long id,
        @Nullable String site,
        String accessionNumber,
        @Nullable String studyInstanceUid,
        @Nullable PatientIdentifier patient,
        @Nullable UUID euid,
        ReportStatus status,
        String text,
        String origin,
        String author,
        @Nullable String signer,
        @Nullable Instant signedAt,
        Instant createdAt,
        Instant updatedAt,
        int version) {

    /** The origin of reports written through this service. */
    public static final String LOCAL = "local";

    /** The origin of reports received from other reporting systems. */
    public static final String EXTERNAL = "external";

    /** The report with new text, while it is a draft or preliminary. */
    public Report edit(String newText, Instant at) {
        requireLocal("edited");
        if (!status.editable()) {
            throw new ReportStateException("report " + id + " is " + status.code()
                    + ": only a draft or preliminary report can be edited;" + " a signed report is amended");
        }
        return next(status, newText, signer, signedAt, at);
    }

    /** The report marked preliminary. */
    public Report preliminary(Instant at) {
        requireLocal("marked preliminary");
        if (!status.editable()) {
            throw new ReportStateException(
                    "report " + id + " is " + status.code() + ": only a draft can be marked preliminary");
        }
        return next(ReportStatus.PRELIMINARY, text, signer, signedAt, at);
    }

    /** The report signed final by {@code by}. */
    public Report sign(String by, Instant at) {
        requireLocal("signed");
        if (!status.editable()) {
            throw new ReportStateException(
                    "report " + id + " is " + status.code() + ": only a draft or preliminary report can be finalized");
        }
        if (text.isBlank()) {
            throw new ReportStateException("report " + id + " has no text: an empty report cannot be signed");
        }
        return next(ReportStatus.FINAL, text, by, at, at);
    }

    /** A signed report amended with new text, signed by {@code by}. */
    public Report amend(String newText, String by, Instant at) {
        requireLocal("amended");
        if (!status.signed()) {
            throw new ReportStateException("report " + id + " is " + status.code()
                    + ": only a final report can be amended; a draft is edited");
        }
        if (newText.isBlank()) {
            throw new ReportStateException("an amendment needs the report's new text");
        }
        return next(ReportStatus.AMENDED, newText, by, at, at);
    }

    /** The report cancelled, while unsigned. */
    public Report cancel(Instant at) {
        requireLocal("cancelled");
        if (!status.editable()) {
            throw new ReportStateException("report " + id + " is " + status.code()
                    + ": only a draft or preliminary report can be cancelled; a signed report is amended");
        }
        return next(ReportStatus.CANCELLED, text, signer, signedAt, at);
    }

    private void requireLocal(String what) {
        if (!LOCAL.equals(origin)) {
            throw new ReportStateException(
                    "report " + id + " came from another reporting system: it is changed there, not " + what + " here");
        }
    }

    private Report next(
            ReportStatus newStatus,
            String newText,
            @Nullable String newSigner,
            @Nullable Instant newSignedAt,
            Instant at) {
        return new Report(
                id,
                site,
                accessionNumber,
                studyInstanceUid,
                patient,
                euid,
                newStatus,
                newText,
                origin,
                author,
                newSigner,
                newSignedAt,
                createdAt,
                at,
                version + 1);
    }

    /**
     * The key the report's deliveries are ordered by: one patient's reports reach the HIS in the order they were
     * signed.
     */
    public String orderingKey() {
        if (euid != null) {
            return "euid:" + euid;
        }
        if (patient != null) {
            return "pid:" + patient.qualified();
        }
        return "report:" + id;
    }
}
