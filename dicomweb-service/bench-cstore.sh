#!/bin/sh
# C-STORE ingest: dicomweb-service against Orthanc 1.10 with the same files, fsync on both sides (README "Benchmarks").
# Usage: dicomweb-service/bench-cstore.sh [ct-instances=240] [small-instances=1200] [flat=0]
#   flat=N also stores N small instances into Isthmus alone and prints the rate per block of 10,000.
# The harness takes /tmp/isthmus-bench.lock itself while it measures.
set -e
cd "$(dirname "$0")/.."
. scripts/select-jdk.sh
./mvnw -B -ntp -pl dicomweb-service -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Disthmus.test.postgres.durable=true \
    -Dit.test=CStoreIngestBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
    -Dbench.ct="${1:-240}" -Dbench.small="${2:-1200}" -Dbench.flat="${3:-0}" \
    > dicomweb-service/target/bench-cstore.log 2>&1 || { tail -50 dicomweb-service/target/bench-cstore.log; exit 1; }
cat dicomweb-service/target/bench-cstore.txt
