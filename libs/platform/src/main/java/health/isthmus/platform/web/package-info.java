/** HTTP conventions: correlation ids and RFC 9457 problem details without internals. */
@NullMarked
package health.isthmus.platform.web;

import org.jspecify.annotations.NullMarked;
