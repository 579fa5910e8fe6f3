/** Certificates and key stores made at test time with keytool, so that no private key is committed. */
@NullMarked
package health.isthmus.testsupport.tls;

import org.jspecify.annotations.NullMarked;
