/** The MLLP intake over TLS (port 2576): mutual TLS with an allowlist of client certificates, off by default. */
@NullMarked
package health.isthmus.hl7ingest.intake.tls;

import org.jspecify.annotations.NullMarked;
