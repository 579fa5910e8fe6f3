/** A study's life after its instances arrived: the StudyStable signal after a quiet time, rejection and deletion. */
@NullMarked
package health.isthmus.dicomweb.lifecycle;

import org.jspecify.annotations.NullMarked;
