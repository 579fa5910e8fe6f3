package health.isthmus.dicomweb.stow;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * STOW-RS limits ({@code isthmus.dicomweb.stow}).
 *
 * @param maxRequestSize the largest request body; larger ones are answered 413 (before anything is stored when the
 *     request announces its length; otherwise the instances read before the limit stay stored, and a resend of the
 *     same bytes is a success that changes nothing)
 * @param maxInstances the most parts one request may carry
 */
@Validated
@ConfigurationProperties("isthmus.dicomweb.stow")
public record StowProperties(
        @DefaultValue("2GB") DataSize maxRequestSize,
        @DefaultValue("10000") @Positive int maxInstances) {}
