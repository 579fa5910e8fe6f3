package health.isthmus.hl7ingest.sender;

import health.isthmus.hl7.message.RawHeader;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides whether a message's sender (MSH-3 application, MSH-4 facility) may send here, and which site it
 * speaks for. Facilities and applications are compared by their first component, without case.
 */
@Component
public class SenderDirectory {

    private final SenderProperties properties;

    public SenderDirectory(SenderProperties properties) {
        this.properties = properties;
        properties.sites().forEach(site -> {
            if (site.charset() != null) {
                Charset.forName(site.charset()); // fail at start-up on a misspelt character set
            }
        });
    }

    /** The site of a message's sender, or empty when the sender is refused. */
    public Optional<Sender> identify(RawHeader header) {
        String facility = namespace(header.sendingFacility());
        String application = namespace(header.sendingApplication());
        for (SenderProperties.Site site : properties.sites()) {
            boolean facilityMatches = namespace(site.facility()).equals(facility);
            boolean applicationMatches = site.applications().isEmpty()
                    || site.applications().stream()
                            .map(SenderDirectory::namespace)
                            .anyMatch(application::equals);
            if (facilityMatches && applicationMatches) {
                return Optional.of(new Sender(
                        site.name(),
                        true,
                        site.charset() == null ? Optional.empty() : Optional.of(Charset.forName(site.charset())),
                        Optional.ofNullable(site.defaultAssigningAuthority()),
                        Optional.ofNullable(site.applicationAckAddress())));
            }
        }
        if (properties.acceptUnknown() && !facility.isEmpty()) {
            return Optional.of(new Sender(
                    header.sendingFacility().split("\\^", -1)[0],
                    false,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()));
        }
        return Optional.empty();
    }

    private static String namespace(String hierarchicDesignator) {
        return hierarchicDesignator.split("\\^", -1)[0].trim().toUpperCase(Locale.ROOT);
    }

    /**
     * An accepted sender.
     *
     * @param site the site it speaks for
     * @param configured whether the site is configured (false: an unknown sender accepted by policy)
     * @param charset the site's character set for messages without MSH-18
     * @param defaultAssigningAuthority the authority of the site's identifiers sent without one
     * @param applicationAckAddress the sender's return address for application acknowledgments
     */
    public record Sender(
            String site,
            boolean configured,
            Optional<Charset> charset,
            Optional<String> defaultAssigningAuthority,
            Optional<String> applicationAckAddress) {}
}
