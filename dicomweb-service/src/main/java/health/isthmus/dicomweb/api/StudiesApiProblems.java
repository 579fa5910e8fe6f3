package health.isthmus.dicomweb.api;

import health.isthmus.dicomweb.index.UnknownStudyException;
import health.isthmus.dicomweb.reconciliation.ReconciliationConflictException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The admin API's refusals as problem details: 404 for what the archive does not hold, 409 for what a state forbids. */
@RestControllerAdvice(basePackageClasses = StudiesApiProblems.class)
public class StudiesApiProblems {

    @ExceptionHandler(UnknownStudyException.class)
    ProblemDetail unknown(UnknownStudyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create("urn:isthmus:problem:studies-not-found"));
        return problem;
    }

    @ExceptionHandler(ReconciliationConflictException.class)
    ProblemDetail conflict(ReconciliationConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create("urn:isthmus:problem:studies-conflict"));
        return problem;
    }
}
