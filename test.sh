#!/usr/bin/env bash
# The test command: unit tests, integration tests on real PostgreSQL and Kafka, the end-to-end system
# tests through the standalone stack, formatting and build rules. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/select-jdk.sh
exec ./mvnw -B -ntp verify "$@"
