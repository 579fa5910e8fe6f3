/** report-service: the reporting loop: report lifecycle, FHIR DiagnosticReport and ORU back to the HIS. */
@NullMarked
package health.isthmus.report;

import org.jspecify.annotations.NullMarked;
