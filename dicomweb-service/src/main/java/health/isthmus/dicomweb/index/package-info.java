/** The archive index's study rows as the archive's events report them, shared by every feature that changes them. */
@NullMarked
package health.isthmus.dicomweb.index;

import org.jspecify.annotations.NullMarked;
