/** The standard data dictionary (keyword, VR and VM of every tag) and the UIDs the platform uses. */
@NullMarked
package health.isthmus.dicom.dictionary;

import org.jspecify.annotations.NullMarked;
