/** FHIR R4 AuditEvent read and search over the stored trail. */
@NullMarked
package health.isthmus.audit.fhir;

import org.jspecify.annotations.NullMarked;
