package health.isthmus.dicomweb.wado;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A WADO-RS request the archive answers with a problem detail; the detail is written for the client. */
final class WadoProblem extends ErrorResponseException {

    private WadoProblem(HttpStatus status, String type, String detail) {
        super(status, problem(status, type, detail), null);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:isthmus:problem:" + type));
        return problem;
    }

    static WadoProblem notFound(String detail) {
        return new WadoProblem(HttpStatus.NOT_FOUND, "not-found", detail);
    }

    static WadoProblem notAcceptable(String detail) {
        return new WadoProblem(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", detail);
    }

    static WadoProblem forbidden(String detail) {
        return new WadoProblem(HttpStatus.FORBIDDEN, "forbidden", detail);
    }

    static WadoProblem badRequest(String detail) {
        return new WadoProblem(HttpStatus.BAD_REQUEST, "bad-request", detail);
    }
}
