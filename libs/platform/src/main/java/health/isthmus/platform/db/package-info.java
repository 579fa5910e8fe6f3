/** Each service's own schema, migrated by its Flyway scripts plus the platform's tables (outbox, inbox). */
@NullMarked
package health.isthmus.platform.db;

import org.jspecify.annotations.NullMarked;
