/** Exports every stored record as a DICOM PS3.15 A.5 audit message over syslog (RFC 5424) from a durable cursor. */
@NullMarked
package health.isthmus.audit.syslog;

import org.jspecify.annotations.NullMarked;
