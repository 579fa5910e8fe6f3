/** The Modality Worklist C-FIND SCP: PS3.4 K.6.1.2 matching over the scheduled procedure steps. */
@NullMarked
package health.isthmus.worklist.mwl;

import org.jspecify.annotations.NullMarked;
