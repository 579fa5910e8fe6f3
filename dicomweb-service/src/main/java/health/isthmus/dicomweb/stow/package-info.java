/** STOW-RS: instances stored over HTTP as multipart/related application/dicom, answered with the PS3.18 response. */
@NullMarked
package health.isthmus.dicomweb.stow;

import org.jspecify.annotations.NullMarked;
