package health.isthmus.events.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A person's name (HL7 v2 XPN).
 *
 * @param family family name
 * @param given given name followed by further given names or initials
 * @param prefix prefix such as {@code DR}, if sent
 * @param suffix suffix such as {@code JR}, if sent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PersonName(
        @Nullable String family,
        List<String> given,
        @Nullable String prefix,
        @Nullable String suffix) {

    public PersonName {
        given = List.copyOf(given);
    }
}
