package health.isthmus.report.delivery;

import health.isthmus.report.order.ReportOrder;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What one ORU^R01 says: a signed report version for its order.
 *
 * @param resultStatus OBR-25 and OBX-11: F for a final report, C for an amendment
 * @param signer the radiologist who signed this version (OBR-32)
 */
record OruContent(
        String controlId,
        Instant createdAt,
        ReportOrder order,
        long reportId,
        int version,
        String text,
        String resultStatus,
        @Nullable String signer,
        @Nullable Instant signedAt) {}
