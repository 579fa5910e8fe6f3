#!/bin/sh
# MWL C-FIND latency: worklist-service against DCMTK wlmscpfs with the same items (see docs/dicom.md).
# Usage: worklist-service/bench-mwl.sh [sizes=5000,50000] [samples=200] [dcmtk-samples=30]
# The harness takes /tmp/isthmus-bench.lock itself while it measures (not while it builds or loads).
set -e
cd "$(dirname "$0")/.."
. scripts/select-jdk.sh
./mvnw -B -ntp -pl worklist-service -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Disthmus.test.postgres.durable=true \
    -Dit.test=MwlFindLatencyBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
    -Dbench.sizes="${1:-5000,50000}" -Dbench.samples="${2:-200}" -Dbench.dcmtk-samples="${3:-30}" \
    > worklist-service/target/bench-mwl.log 2>&1 || { tail -50 worklist-service/target/bench-mwl.log; exit 1; }
cat worklist-service/target/bench-mwl.txt
