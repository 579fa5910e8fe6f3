/**
 * Checks of the distributed deployment that run in the build without a Docker engine or a Kubernetes cluster: the
 * Helm chart is linted, rendered and read into Kubernetes model classes, docker-compose.yml is validated against the
 * Compose specification and both are cross-checked with the configuration the services really read.
 */
@NullMarked
package health.isthmus.deploy;

import org.jspecify.annotations.NullMarked;
