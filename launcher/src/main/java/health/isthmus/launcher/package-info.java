/** The standalone launcher: one command starts PostgreSQL, Kafka and every service on one machine, and stops them. */
@NullMarked
package health.isthmus.launcher;

import org.jspecify.annotations.NullMarked;
