package health.isthmus.events.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A postal address (HL7 v2 XAD).
 *
 * @param lines street address and other designation (XAD-1, XAD-2), in that order
 * @param city XAD-3, if sent
 * @param state XAD-4 state or province, if sent
 * @param postalCode XAD-5, if sent
 * @param country XAD-6, if sent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostalAddress(
        List<String> lines,
        @Nullable String city,
        @Nullable String state,
        @Nullable String postalCode,
        @Nullable String country) {

    public PostalAddress {
        lines = List.copyOf(lines);
    }
}
