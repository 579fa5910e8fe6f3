/** Real infrastructure for tests: PostgreSQL 17, a Kafka broker, an Orthanc PACS, DCMTK tools and the house architecture rules. */
@NullMarked
package health.isthmus.testsupport;

import org.jspecify.annotations.NullMarked;
