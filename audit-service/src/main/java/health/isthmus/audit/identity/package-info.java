/** Follows the master patient index so that a search by one of a person's identifiers or EUIDs finds them all. */
@NullMarked
package health.isthmus.audit.identity;

import org.jspecify.annotations.NullMarked;
