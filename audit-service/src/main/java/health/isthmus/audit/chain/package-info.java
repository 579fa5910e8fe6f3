/** The tamper-evident store: records appended to one SHA-256 hash chain, and the check that finds the first broken link. */
@NullMarked
package health.isthmus.audit.chain;

import org.jspecify.annotations.NullMarked;
