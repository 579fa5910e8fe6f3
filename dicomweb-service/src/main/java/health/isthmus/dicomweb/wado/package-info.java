/** WADO-RS (PS3.18 10.4): instances, metadata, bulk data, frames and rendered images of the archive's studies. */
@NullMarked
package health.isthmus.dicomweb.wado;

import org.jspecify.annotations.NullMarked;
