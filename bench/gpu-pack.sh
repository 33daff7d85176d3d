#!/usr/bin/env bash
# Packs what bench/gpu-ready.sh needs on a GPU machine besides the project, into one folder small enough for a
# 64 MiB transfer: a jlink'd JDK 25 runtime (jdk.txz), the TornadoVM SDK (tornadovm.txz, without its examples,
# benchmarks and tests), the OpenCL ICD loader (libOpenCL.so.1, for a machine whose driver brings only its ICD
# file), and the benchmarks jar built with the TornadoVM backend.
#
#   bench/gpu-pack.sh [--kit DIR]     default DIR: bench/gpu-kit (ignored by git)
#
# Needs here: a JDK >= 25 (jlink), TornadoVM (TORNADOVM_HOME or ~/.local/tornadovm), Maven, xz.
# On the GPU machine: bench/gpu-ready.sh --kit DIR --out REPORT_DIR   (see bench/gpu-ready.sh --help)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../bin/lib/jdk.sh
. "$ROOT/bin/lib/jdk.sh"
neuromod_select_jdk || exit 1
neuromod_maven_opts

kit="$ROOT/bench/gpu-kit"
while [ $# -gt 0 ]; do
  case "$1" in
    --kit) kit="$2"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "bench/gpu-pack.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
neuromod_find_tornado || { echo "bench/gpu-pack.sh: TornadoVM not found: set TORNADOVM_HOME to a TornadoVM SDK" >&2; exit 1; }
command -v xz >/dev/null || { echo "bench/gpu-pack.sh: xz is missing (Debian: apt-get install xz-utils)" >&2; exit 1; }
mkdir -p "$kit"
kit="$(cd "$kit" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "bench/gpu-pack.sh: building the benchmarks jar with the TornadoVM backend" >&2
(cd "$ROOT" && mvn -B -q -ntp -DskipTests ${MAVEN_ARGS:-} package -pl bench -am) >&2
cp "$ROOT/bench/target/benchmarks.jar" "$kit/benchmarks.jar"

# What TornadoVM, its Graal compiler and the project need (the modules their jars require, plus java.sql for
# Jackson); no javac, no man pages, no debug symbols.
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.sql,jdk.incubator.vector,jdk.internal.vm.ci,jdk.management,jdk.unsupported
echo "bench/gpu-pack.sh: jlink'ing a JDK runtime from $JAVA_HOME" >&2
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$work/jdk" 2> >(grep -v 'incubator modules' >&2)
tar -C "$work" -cf - jdk | xz -9 -T0 > "$kit/jdk.txz"

echo "bench/gpu-pack.sh: packing the TornadoVM SDK at $TORNADOVM_HOME" >&2
sdk="$(cd "$TORNADOVM_HOME" && pwd -P)"
tar -C "$(dirname "$sdk")" -cf - \
  --exclude='*/examples' --exclude='*/tornado-benchmarks-*.jar' --exclude='*/tornado-examples-*.jar' \
  --exclude='*/tornado-unittests-*.jar' --exclude='*/tornado-fuzz-*.jar' --exclude='*/jmh-core-*.jar' \
  --exclude='*/junit-*.jar' --exclude='*/hamcrest-*.jar' --exclude='*/lucene-*.jar' \
  --transform "s#^$(basename "$sdk")#tornadovm#" "$(basename "$sdk")" | xz -9 -T0 > "$kit/tornadovm.txz"
# the build-time SDK path its argfile names, for gpu-ready.sh to rewrite
sed -n 's#^-Djava.library.path=\(.*\)/lib$#\1#p' "$TORNADOVM_HOME/tornado-argfile" > "$kit/tornadovm.built-at"

loader="$(ldconfig -p 2>/dev/null | awk '/libOpenCL\.so\.1 .*x86-64/ {print $NF; exit}')"
if [ -n "$loader" ]; then
  cp -L "$loader" "$kit/libOpenCL.so.1"
fi
du -b "$kit"/* | awk '{s += $1; printf "%10.1f MB  %s\n", $1 / 1e6, $2} END {printf "%10.1f MB  total (64 MiB = 67.1 MB)\n", s / 1e6}'
