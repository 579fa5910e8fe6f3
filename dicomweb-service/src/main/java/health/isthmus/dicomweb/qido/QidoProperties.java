package health.isthmus.dicomweb.qido;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * QIDO-RS paging ({@code isthmus.dicomweb.qido}).
 *
 * @param defaultLimit results per response when the request names no {@code limit}
 * @param maxLimit the most results per response; a larger {@code limit} is lowered to it, with a {@code Warning}
 */
@Validated
@ConfigurationProperties("isthmus.dicomweb.qido")
public record QidoProperties(
        @DefaultValue("100") @Min(1) int defaultLimit,
        @DefaultValue("1000") @Min(1) int maxLimit) {}
