#!/bin/sh
# WADO-RS instance retrieval and series metadata: dicomweb-service against Orthanc with the same files.
# Usage: dicomweb-service/bench-wado.sh [instances=500] [size=256] [samples=20] [rounds=3]
# The harness takes /tmp/isthmus-bench.lock itself while it measures (not while it builds or loads).
set -e
cd "$(dirname "$0")/.."
. scripts/select-jdk.sh
mkdir -p dicomweb-service/target
./mvnw -B -ntp -pl dicomweb-service verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Disthmus.test.postgres.durable=true \
    -Dit.test=WadoRetrieveBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
    -Dbench.instances="${1:-500}" -Dbench.size="${2:-256}" -Dbench.samples="${3:-20}" -Dbench.rounds="${4:-3}" \
    > dicomweb-service/target/bench-wado.log 2>&1 || { tail -50 dicomweb-service/target/bench-wado.log; exit 1; }
cat dicomweb-service/target/bench-wado.txt
