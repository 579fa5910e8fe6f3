#!/usr/bin/env bash
# Runs the whole Isthmus platform on this machine (standalone mode); see launcher/README.md.
#   ./run.sh [--rebuild] [--demo] [--help]
# Builds whatever jar is missing (or everything with --rebuild), then replaces itself with the launcher, so a
# SIGTERM sent to this script's pid reaches the launcher, which stops services, Kafka and PostgreSQL in order.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

readonly SERVICES=(auth-server gateway-service hl7-ingest-service patient-identity-service worklist-service
  dicomweb-service report-service audit-service)

# True when the module has its Spring Boot jar.
has_service_jar() {
  local jar
  for jar in "$1"/target/"$1"-*.jar; do
    case "$jar" in
      *-plain.jar | *-sources.jar | *-javadoc.jar | *-tests.jar) ;;
      *) [[ -f "$jar" ]] && return 0 ;;
    esac
  done
  return 1
}

# The services the launcher will start (ISTHMUS_SERVICES: all, none, or a comma-separated list).
wanted_services() {
  case "${ISTHMUS_SERVICES:-all}" in
    all | "") printf '%s\n' "${SERVICES[@]}" ;;
    none) ;;
    *) tr ',' '\n' <<< "$ISTHMUS_SERVICES" | tr -d ' ' | grep -v '^$' || true ;;
  esac
}

rebuild=false
help=false
args=()
for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=true ;;
    --help | -h) help=true; args+=("$arg") ;;
    *) args+=("$arg") ;;
  esac
done

# exports JAVA_HOME as a JDK >= 21 (the same choice test.sh and .ci/run make)
source scripts/select-jdk.sh

missing=()
[[ -f launcher/target/launcher.jar && -d launcher/target/lib ]] || missing+=(launcher)
if [[ "$help" == false ]]; then
  while IFS= read -r service; do
    has_service_jar "$service" || missing+=("$service")
  done < <(wanted_services)
fi

if [[ "$rebuild" == true || ${#missing[@]} -gt 0 ]]; then
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "building... (missing: ${missing[*]})"
  else
    echo "building..."
  fi
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
fi

exec "$JAVA_HOME/bin/java" -Xmx256m -jar launcher/target/launcher.jar ${args[@]+"${args[@]}"}
