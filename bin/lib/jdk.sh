# Sourced by the scripts in bin/ and .ci/run: selects a JDK >= 25 into JAVA_HOME, or fails naming what it tried.
# Order: $JAVA_HOME if it is a JDK >= 25, else the newest JDK >= 25 under ${NEUROMOD_JVM_DIR:-/usr/lib/jvm}.

# The feature version (17, 21, 25, ...) of the JDK at home $1, or nothing if it is not a JDK. Read from the
# JDK's own `release` file (JAVA_VERSION="25.0.3"; "1.8.0_x" before 9), so no JVM starts; asked of the JVM
# only when that file is missing.
neuromod_jdk_version() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  local v
  if [ -f "$1/release" ]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9.]*\).*/\1/p' "$1/release" | head -n 1)"
    case "$v" in
      1.*) v="${v#1.}"; echo "${v%%.*}"; return 0 ;;
      [0-9]*) echo "${v%%.*}"; return 0 ;;
    esac
  fi
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

# TornadoVM, optional: $TORNADOVM_HOME if set, else the default location ~/.local/tornadovm (a TornadoVM SDK
# folder or a link to one); NEUROMOD_TORNADO=off ignores both. Exports TORNADOVM_HOME when an SDK with its argfile is found (the Maven profile
# `tornado` switches on with it) and returns 0; returns 1 when there is none. Says which it is on stderr
# when $1 is "verbose".
neuromod_find_tornado() {
  if [ "${NEUROMOD_TORNADO:-}" = off ]; then
    [ "${1:-}" = verbose ] && echo "neuromod: NEUROMOD_TORNADO=off: the TornadoVM backend is left out and its tests skip" >&2
    unset TORNADOVM_HOME
    return 1
  fi
  local home="${TORNADOVM_HOME:-$HOME/.local/tornadovm}"
  if [ -f "$home/tornado-argfile" ] && ls "$home"/share/java/tornado/tornado-api-*.jar >/dev/null 2>&1; then
    export TORNADOVM_HOME="$(cd "$home" && pwd)"
    [ "${1:-}" = verbose ] && echo "neuromod: TornadoVM at $TORNADOVM_HOME: its backend is built and tested" >&2
    return 0
  fi
  if [ -n "${TORNADOVM_HOME:-}" ]; then
    echo "neuromod: TORNADOVM_HOME=$TORNADOVM_HOME holds no TornadoVM SDK (no tornado-argfile and tornado-api jar)" >&2
    exit 1
  fi
  [ "${1:-}" = verbose ] && echo "neuromod: no TornadoVM (TORNADOVM_HOME unset, nothing at ~/.local/tornadovm): the TornadoVM backend is left out and its tests skip" >&2
  unset TORNADOVM_HOME
  return 1
}

# TornadoVM's JVM flags for this JVM, as an argfile without the current directory on the module path (a
# folder of stray jars where the user stands would otherwise break the JVM's start). Prints its path.
neuromod_tornado_argfile() {
  local out="$1"
  sed -e 's#--module-path \.:#--module-path #' -e 's#--module-path \. #--module-path #' \
    "$TORNADOVM_HOME/tornado-argfile" > "$out"
  echo "$out"
}
