package health.isthmus.report.api;

import health.isthmus.report.delivery.DeliveryStateException;
import health.isthmus.report.lifecycle.OtherSiteException;
import health.isthmus.report.lifecycle.ReportConflictException;
import health.isthmus.report.lifecycle.UnknownReportException;
import health.isthmus.report.lifecycle.domain.ReportStateException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The reports' refusals as problem details: 404 for what the service does not hold, 403 for a site outside the user's,
 * 409 for what a state forbids.
 */
@RestControllerAdvice(basePackageClasses = ReportProblems.class)
public class ReportProblems {

    @ExceptionHandler({UnknownReportException.class, UnknownDeliveryException.class})
    ProblemDetail unknown(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create("urn:isthmus:problem:report-not-found"));
        return problem;
    }

    @ExceptionHandler(OtherSiteException.class)
    ProblemDetail otherSite(OtherSiteException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setType(URI.create("urn:isthmus:problem:report-other-site"));
        return problem;
    }

    @ExceptionHandler({ReportStateException.class, ReportConflictException.class, DeliveryStateException.class})
    ProblemDetail conflict(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create("urn:isthmus:problem:report-conflict"));
        return problem;
    }
}
