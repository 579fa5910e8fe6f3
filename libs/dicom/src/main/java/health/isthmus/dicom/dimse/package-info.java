/** DIMSE (PS3.7): the command set, and C-ECHO, C-STORE, C-FIND, N-CREATE and N-SET as SCP handlers and SCU calls. */
@NullMarked
package health.isthmus.dicom.dimse;

import org.jspecify.annotations.NullMarked;
