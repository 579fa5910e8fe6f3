/** The contract every runnable service keeps: health without a token, nothing else without one, its own schema. */
@NullMarked
package health.isthmus.testsupport.service;

import org.jspecify.annotations.NullMarked;
