/** Child processes for reliability tests: a Spring Boot jar or a Kafka broker in a JVM of its own, which a test can kill, pause and resume. */
@NullMarked
package health.isthmus.testsupport.process;

import org.jspecify.annotations.NullMarked;
