package health.isthmus.worklist.api;

import health.isthmus.worklist.scheduling.StepConflictException;
import health.isthmus.worklist.scheduling.UnknownStepException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The worklist's refusals as problem details: 404 for a step it does not hold, 403 for a change at a site outside
 * the caller's sites, 409 for what a step's state forbids.
 */
@RestControllerAdvice(basePackageClasses = WorklistProblems.class)
public class WorklistProblems {

    @ExceptionHandler(UnknownStepException.class)
    ProblemDetail unknown(UnknownStepException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create("urn:isthmus:problem:worklist-not-found"));
        return problem;
    }

    @ExceptionHandler(OutsideSiteScopeException.class)
    ProblemDetail outsideSiteScope(OutsideSiteScopeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setType(URI.create("urn:isthmus:problem:worklist-other-site"));
        return problem;
    }

    @ExceptionHandler(StepConflictException.class)
    ProblemDetail conflict(StepConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create("urn:isthmus:problem:worklist-conflict"));
        return problem;
    }
}
