/** FHIR R4 {@code ImagingStudy} under {@code /fhir}: the archive's studies for clinical applications, read and searched. */
@NullMarked
package health.isthmus.dicomweb.fhir;

import org.jspecify.annotations.NullMarked;
