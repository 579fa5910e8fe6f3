package health.isthmus.events.hl7;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.common.CodedValue;
import org.jspecify.annotations.Nullable;

/**
 * One OBX of a report.
 *
 * @param setId OBX-1
 * @param valueType OBX-2 (TX, FT, ST...)
 * @param code OBX-3
 * @param value OBX-5, repetitions joined with line breaks
 * @param status OBX-11 (F final, C corrected, P preliminary...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportObservation(
        @Nullable String setId,
        @Nullable String valueType,
        @Nullable CodedValue code,
        String value,
        @Nullable String status) {}
