/** dicomweb-service: the image archive: C-STORE and DICOMweb in, QIDO-RS and WADO-RS out. */
@NullMarked
package health.isthmus.dicomweb;

import org.jspecify.annotations.NullMarked;
