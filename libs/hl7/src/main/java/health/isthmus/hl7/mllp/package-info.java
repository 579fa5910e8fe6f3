/** MLLP release 2 transport (0x0B ... 0x1C 0x0D) over TCP or TLS: a bounded multi-connection server and a client. */
@NullMarked
package health.isthmus.hl7.mllp;

import org.jspecify.annotations.NullMarked;
