/** FHIR R4 Patient read and search over the registry, served with HAPI FHIR's plain server. */
@NullMarked
package health.isthmus.mpi.fhir;

import org.jspecify.annotations.NullMarked;
