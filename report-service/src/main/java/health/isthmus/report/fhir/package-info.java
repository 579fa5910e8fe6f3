/** FHIR R4 DiagnosticReport: read and search of reports, with their text and study. */
@NullMarked
package health.isthmus.report.fhir;

import org.jspecify.annotations.NullMarked;
