/** Where instance files live: a content-addressed blob store written durably before anything is acknowledged. */
@NullMarked
package health.isthmus.dicomweb.storage;

import org.jspecify.annotations.NullMarked;
