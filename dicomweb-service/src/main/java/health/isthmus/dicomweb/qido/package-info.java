/** QIDO-RS (PS3.18 10.6): searching the archive's index for studies, series and instances over HTTP. */
@NullMarked
package health.isthmus.dicomweb.qido;

import org.jspecify.annotations.NullMarked;
