package health.isthmus.events.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A coded element (HL7 v2 CE/CWE): a code, its text and the coding system it comes from.
 *
 * @param code identifier
 * @param text display text, if sent
 * @param codingSystem name of the coding system (for example {@code L} for local), if sent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CodedValue(
        String code, @Nullable String text, @Nullable String codingSystem) {}
