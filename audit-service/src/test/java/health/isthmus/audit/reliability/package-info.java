/** Reliability tests of audit-service run as it ships, killed and restarted (RELIABILITY.md T10). */
@NullMarked
package health.isthmus.audit.reliability;

import org.jspecify.annotations.NullMarked;
