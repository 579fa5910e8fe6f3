#!/bin/sh
# QIDO-RS study search: dicomweb-service against Orthanc 1.10 + DICOMweb holding the same studies (see README.md).
# Usage: dicomweb-service/bench-qido.sh [studies=5000] [orthanc-studies=min(studies,5000)] [samples=300]
# The harness takes /tmp/isthmus-bench.lock itself while it measures (not while it builds or loads).
set -e
cd "$(dirname "$0")/.."
. scripts/select-jdk.sh
mkdir -p dicomweb-service/target
./mvnw -B -ntp -pl dicomweb-service -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Disthmus.test.postgres.durable=true \
    -Dit.test=QidoSearchBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
    -Dbench.studies="${1:-5000}" -Dbench.orthanc-studies="${2:-}" -Dbench.samples="${3:-300}" \
    > dicomweb-service/target/bench-qido.log 2>&1 || { tail -50 dicomweb-service/target/bench-qido.log; exit 1; }
cat dicomweb-service/target/bench-qido.txt
