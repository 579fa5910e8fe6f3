# Sourced by run.sh, test.sh and .ci/run: exports JAVA_HOME as a JDK >= 21.
# Prefers $JAVA_HOME when it is new enough, then the newest JDK under /usr/lib/jvm.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

select_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    major=$(java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      best="$candidate"
    fi
  fi
  if [ -z "$best" ]; then
    echo "Isthmus needs a JDK 21 or newer; none found in JAVA_HOME, /usr/lib/jvm or the PATH." >&2
    echo "Install one (for example Temurin 21 or 25) or point JAVA_HOME at it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

select_jdk
export PATH="$JAVA_HOME/bin:$PATH"
