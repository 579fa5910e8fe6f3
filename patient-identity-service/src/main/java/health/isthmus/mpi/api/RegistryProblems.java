package health.isthmus.mpi.api;

import health.isthmus.mpi.registry.IdentityChangeRefusedException;
import health.isthmus.mpi.registry.UnknownEntryException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The registry's refusals as problem details: 404 for what it does not hold, 409 for what its state forbids. */
@RestControllerAdvice(basePackageClasses = RegistryProblems.class)
public class RegistryProblems {

    @ExceptionHandler(UnknownEntryException.class)
    ProblemDetail unknown(UnknownEntryException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no " + e.getMessage());
        problem.setType(URI.create("urn:isthmus:problem:mpi-not-found"));
        return problem;
    }

    @ExceptionHandler(IdentityChangeRefusedException.class)
    ProblemDetail refused(IdentityChangeRefusedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create("urn:isthmus:problem:mpi-change-refused"));
        return problem;
    }
}
