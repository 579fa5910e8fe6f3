/** Value records shared by several event contracts (patient identifiers, names, demographics). */
@NullMarked
package health.isthmus.events.common;

import org.jspecify.annotations.NullMarked;
