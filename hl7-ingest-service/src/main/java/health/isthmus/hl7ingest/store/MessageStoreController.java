package health.isthmus.hl7ingest.store;

import health.isthmus.hl7ingest.audit.StoreAccessAudit;
import health.isthmus.platform.security.SiteScope;
import health.isthmus.platform.web.BadRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The message store for administrators and interface engineers: search, view, replay, statistics. A site-limited
 * integration client finds, views and counts the messages of its sites' senders only; another site's message answers
 * 404 as if absent.
 */
@RestController
@RequestMapping("/api/hl7")
public class MessageStoreController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final MessageStore store;
    private final MessageReplay replay;
    private final StoreAccessAudit audit;

    public MessageStoreController(MessageStore store, MessageReplay replay, StoreAccessAudit audit) {
        this.store = store;
        this.replay = replay;
        this.audit = audit;
    }

    @GetMapping("/messages")
    List<MessageSummary> search(
            @RequestParam @Nullable String controlId,
            @RequestParam @Nullable String sendingApplication,
            @RequestParam @Nullable String sendingFacility,
            @RequestParam @Nullable String trigger,
            @RequestParam @Nullable String patient,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant to,
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
            HttpServletRequest request) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT);
        }
        MessageSearch search = new MessageSearch(
                controlId, sendingApplication, sendingFacility, trigger, patient, from, to, SiteScope.current(), limit);
        List<MessageSummary> found = store.search(search);
        audit.searched(
                search.toString(), found.stream().map(MessageSummary::patient).toList(), request);
        return found;
    }

    @GetMapping("/messages/{id}")
    StoredMessage view(@PathVariable long id, HttpServletRequest request) {
        StoredMessage message = store.find(id).orElseThrow(() -> new MessageReplay.MessageNotFoundException(id));
        if (!SiteScope.current().allows(message.summary().site())) {
            audit.viewRefused(
                    id,
                    message.summary().controlId(),
                    message.summary().patient(),
                    "message of a site outside the user's sites",
                    request);
            throw new MessageReplay.MessageNotFoundException(id);
        }
        audit.viewed(id, message.summary().controlId(), message.summary().patient(), request);
        return message;
    }

    @PostMapping("/messages/{id}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ReplayAccepted replay(@PathVariable long id, HttpServletRequest request) {
        ReplayAccepted accepted = new ReplayAccepted(id, replay.replay(id));
        store.find(id)
                .ifPresent(message -> audit.replayed(
                        id, message.summary().controlId(), message.summary().patient(), request));
        return accepted;
    }

    @GetMapping("/statistics")
    List<MessageCount> statistics() {
        return store.statistics(SiteScope.current());
    }

    @ExceptionHandler(MessageReplay.MessageNotFoundException.class)
    ProblemDetail notFound(MessageReplay.MessageNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create("urn:isthmus:problem:hl7-message-not-found"));
        return problem;
    }

    @ExceptionHandler(MessageReplay.NotReplayableException.class)
    ProblemDetail notReplayable(MessageReplay.NotReplayableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create("urn:isthmus:problem:hl7-message-not-replayable"));
        return problem;
    }

    /** What a replay published. */
    record ReplayAccepted(long messageId, String eventType) {}
}
