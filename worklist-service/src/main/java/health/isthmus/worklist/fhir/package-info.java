/** FHIR R4 {@code ServiceRequest} under {@code /fhir}: the worklist's steps for clinical applications, read and searched. */
@NullMarked
package health.isthmus.worklist.fhir;

import org.jspecify.annotations.NullMarked;
