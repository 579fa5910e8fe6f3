/** The project's own DICOM toolkit: data model, Part 10 codec, DICOM JSON, upper layer and DIMSE (built by its issue). */
@NullMarked
package health.isthmus.dicom;

import org.jspecify.annotations.NullMarked;
