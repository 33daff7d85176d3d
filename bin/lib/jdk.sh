# Sourced by the scripts in bin/ and .ci/run: selects a JDK >= 25 into JAVA_HOME, or fails naming what it tried.
# Order: $JAVA_HOME if it is a JDK >= 25, else the newest JDK >= 25 under ${NEUROMOD_JVM_DIR:-/usr/lib/jvm}.

# The feature version (17, 21, 25, ...) of the JDK at home $1, or nothing if it is not a JDK.
neuromod_jdk_version() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

neuromod_select_jdk() {
  local jvm_dir="${NEUROMOD_JVM_DIR:-/usr/lib/jvm}" v candidate best="" best_v=0
  if [ -n "${JAVA_HOME:-}" ]; then
    v="$(neuromod_jdk_version "$JAVA_HOME")"
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then return 0; fi
  fi
  for candidate in "$jvm_dir"/*; do
    [ -d "$candidate" ] || continue
    v="$(neuromod_jdk_version "$candidate")"
    if [ -n "$v" ] && [ "$v" -ge 25 ] && [ "$v" -gt "$best_v" ]; then best="$candidate"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "neuromod: no JDK 25 or newer found: JAVA_HOME is '${JAVA_HOME:-unset}' (not a JDK >= 25) and" \
         "$jvm_dir holds none. Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

# Maven runs on the selected JDK; its bundled libraries touch sun.misc.Unsafe, which JDK 24+ warns about.
neuromod_maven_opts() {
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
}
