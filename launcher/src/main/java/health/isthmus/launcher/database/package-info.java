/** The embedded PostgreSQL 17 that runs inside the launcher's process and keeps its data across restarts. */
@NullMarked
package health.isthmus.launcher.database;

import org.jspecify.annotations.NullMarked;
