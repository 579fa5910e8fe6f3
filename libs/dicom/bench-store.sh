#!/usr/bin/env bash
# C-STORE load harness: DCMTK storescu -> our SCP and -> DCMTK storescp, same instances, printed figures.
# Usage: libs/dicom/bench-store.sh [instances=300] [associations=1,2] [work directory]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/select-jdk.sh
export TCP_NODELAY=1
./mvnw -B -q -pl libs/dicom -am test-compile -DskipTests
./mvnw -B -q -pl libs/dicom dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cd libs/dicom
exec "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  health.isthmus.dicom.bench.store.StoreLoadHarness "$@"
