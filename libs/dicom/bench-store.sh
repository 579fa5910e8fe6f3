#!/usr/bin/env bash
# C-STORE load harness: DCMTK storescu -> our SCP and -> DCMTK storescp, same instances, printed figures.
# Usage: libs/dicom/bench-store.sh [instances=300] [associations=1,2] [work directory]
# JVM options through BENCH_JAVA_OPTS, e.g. "-Dbench.warm-up-rounds=3 -Dbench.pdu=65536 -Dbench.ours-only=true".
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/select-jdk.sh
export TCP_NODELAY=1
./mvnw -B -q -pl libs/dicom -am test-compile -DskipTests
./mvnw -B -q -pl libs/dicom dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cd libs/dicom
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  health.isthmus.dicom.bench.store.StoreLoadHarness "$@"
