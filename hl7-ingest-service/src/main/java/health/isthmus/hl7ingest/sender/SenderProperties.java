package health.isthmus.hl7ingest.sender;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Known senders, under {@code isthmus.hl7-ingest.senders}.
 *
 * @param acceptUnknown whether a sender of no configured site is accepted (as a site named after its
 *     MSH-4) or refused with AR; production refuses by default, standalone mode accepts
 * @param sites the configured sites
 */
@Validated
@ConfigurationProperties("isthmus.hl7-ingest.senders")
public record SenderProperties(boolean acceptUnknown, @Valid List<Site> sites) {

    public SenderProperties {
        sites = sites == null ? List.of() : List.copyOf(sites);
    }

    /**
     * A site and the sender that speaks for it.
     *
     * @param name the site's name, for example {@code GENHOSP}
     * @param facility MSH-4 (its namespace id) of the site's messages
     * @param applications MSH-3 values allowed for the site; empty allows any
     * @param defaultAssigningAuthority the assigning authority of the site's identifiers
     * @param charset character set of messages whose MSH-18 is empty (Java name), if not the default
     * @param applicationAckAddress where enhanced-mode application acknowledgments go ({@code host:port} of
     *     the sender's MLLP listener), if the site asks for them
     */
    public record Site(
            @NotBlank String name,
            @NotBlank String facility,
            @Nullable List<String> applications,
            @Nullable String defaultAssigningAuthority,
            @Nullable String charset,
            @Nullable String applicationAckAddress) {

        public Site {
            applications = applications == null ? List.of() : List.copyOf(applications);
        }
    }
}
