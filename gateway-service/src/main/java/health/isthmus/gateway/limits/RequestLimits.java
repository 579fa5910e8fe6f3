package health.isthmus.gateway.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The largest request body the gateway forwards: STOW-RS ({@code POST /dicomweb/studies[/...]}) may carry whole
 * studies, everything else is JSON, FHIR or HL7 text.
 */
@Validated
@ConfigurationProperties("isthmus.gateway.limits")
public record RequestLimits(
        @DefaultValue("2GB") DataSize stowMaxBodySize,
        @DefaultValue("10MB") DataSize maxBodySize) {}
