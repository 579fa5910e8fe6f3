/** Test fixtures of the archive: synthetic instances and the peers' command lines. */
@NullMarked
package health.isthmus.dicomweb.testing;

import org.jspecify.annotations.NullMarked;
