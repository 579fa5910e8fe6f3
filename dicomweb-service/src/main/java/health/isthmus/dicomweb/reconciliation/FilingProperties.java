package health.isthmus.dicomweb.reconciliation;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How arriving images are filed ({@code isthmus.dicomweb.filing}).
 *
 * @param senders per calling AE title: the modality's site and the assigning authority of the Patient IDs it sends
 *     when an instance names no Issuer of Patient ID (0010,0021)
 * @param defaultIssuer the assigning authority assumed for Patient IDs of unconfigured senders; none when empty
 * @param issuerSites per assigning authority: the site whose patients it numbers, for a study linked to no order and
 *     sent by no configured modality; an unlisted authority is a site of the same name (as in standalone mode)
 */
@ConfigurationProperties("isthmus.dicomweb.filing")
public record FilingProperties(
        @DefaultValue Map<String, Sender> senders,
        @DefaultValue("") String defaultIssuer,
        @DefaultValue Map<String, String> issuerSites) {

    /**
     * A configured modality.
     *
     * @param site the site it belongs to
     * @param issuer the assigning authority of its Patient IDs; the site's name when empty
     */
    public record Sender(String site, @DefaultValue("") String issuer) {}

    /** The assigning authority of Patient IDs from a calling AE title, when one is configured. */
    public @Nullable String issuerFor(@Nullable String callingAeTitle) {
        Sender sender = callingAeTitle == null ? null : senders.get(callingAeTitle);
        if (sender != null) {
            return sender.issuer().isBlank() ? sender.site() : sender.issuer();
        }
        return defaultIssuer.isBlank() ? null : defaultIssuer;
    }

    /** The site of a calling AE title, when configured. */
    public @Nullable String siteFor(@Nullable String callingAeTitle) {
        Sender sender = callingAeTitle == null ? null : senders.get(callingAeTitle);
        return sender == null ? null : sender.site();
    }

    /** The site of an assigning authority's patients: the configured one, else the authority's own name. */
    public @Nullable String siteOfIssuer(@Nullable String issuer) {
        if (issuer == null || issuer.isBlank()) {
            return null;
        }
        return issuerSites.getOrDefault(issuer, issuer);
    }
}
