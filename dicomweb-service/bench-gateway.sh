#!/bin/sh
# Gateway overhead: QIDO-RS and WADO-RS requests straight to dicomweb-service and through gateway-service (its jar).
# Usage: dicomweb-service/bench-gateway.sh [studies=300] [size=256] [samples=300] [warmup=2000]
# The harness takes /tmp/isthmus-bench.lock itself while it measures (not while it builds or loads).
set -e
cd "$(dirname "$0")/.."
. scripts/select-jdk.sh
mkdir -p dicomweb-service/target
./mvnw -B -ntp -q -pl gateway-service -am package -DskipTests \
    > dicomweb-service/target/bench-gateway-build.log 2>&1 || { tail -50 dicomweb-service/target/bench-gateway-build.log; exit 1; }
./mvnw -B -ntp -pl dicomweb-service verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Disthmus.test.postgres.durable=true \
    -Dit.test=GatewayOverheadBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
    -Dbench.studies="${1:-300}" -Dbench.size="${2:-256}" -Dbench.samples="${3:-300}" -Dbench.warmup="${4:-2000}" \
    > dicomweb-service/target/bench-gateway.log 2>&1 || { tail -50 dicomweb-service/target/bench-gateway.log; exit 1; }
cat dicomweb-service/target/bench-gateway.txt
