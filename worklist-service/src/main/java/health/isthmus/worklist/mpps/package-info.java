/** The Modality Performed Procedure Step SCP: modalities report a scheduled step started, completed or discontinued. */
@NullMarked
package health.isthmus.worklist.mpps;

import org.jspecify.annotations.NullMarked;
