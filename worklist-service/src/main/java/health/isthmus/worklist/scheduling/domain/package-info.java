/** Scheduled procedure steps in plain Java: what a step holds, and how HL7 orders' values become DICOM worklist values. */
@NullMarked
package health.isthmus.worklist.scheduling.domain;

import org.jspecify.annotations.NullMarked;
