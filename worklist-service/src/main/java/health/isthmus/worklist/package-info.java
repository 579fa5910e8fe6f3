/** worklist-service: orders become the DICOM Modality Worklist and MPPS reports progress. */
@NullMarked
package health.isthmus.worklist;

import org.jspecify.annotations.NullMarked;
