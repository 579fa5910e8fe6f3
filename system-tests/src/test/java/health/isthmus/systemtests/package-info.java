/** End-to-end tests through the running standalone stack, with the clients a hospital's systems use. */
@NullMarked
package health.isthmus.systemtests;

import org.jspecify.annotations.NullMarked;
