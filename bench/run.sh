#!/usr/bin/env bash
# Runs the JMH benchmarks of the JVM backend (each kernel family, and the whole step) and, where TornadoVM is
# found (TORNADOVM_HOME or ~/.local/tornadovm; NEUROMOD_TORNADO=off leaves it out), the same benchmarks on
# TornadoVM side by side in the same run (device: NEUROMOD_TORNADO_DEVICE, else TornadoVM's default), with its
# profiler's split of each step; then each matrix product of the step against OpenBLAS SGEMM (bench/gemm.sh) and
# the side-by-side peer comparison against PyTorch, and writes reports (Markdown + JSON) naming the machine and
# the devices into bench/reports/.
#
#   bench/run.sh              quick settings (about 10 minutes on 2 cores)
#   bench/run.sh --full       JMH's usual rigour (3 forks, 5 warm-up and 10 measured 10 s iterations): hours
#   bench/run.sh --no-peer    JMH only
#   bench/run.sh --jmh "ARGS" extra JMH arguments, e.g. --jmh "StepBench -p population=8"
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../bin/lib/jdk.sh
. "$ROOT/bin/lib/jdk.sh"
neuromod_select_jdk || exit 1
neuromod_maven_opts

full=0 peer=1 extra=""
while [ $# -gt 0 ]; do
  case "$1" in
    --full) full=1 ;;
    --no-peer) peer=0 ;;
    --jmh) extra="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

out="$ROOT/bench/reports"
mkdir -p "$out"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
# TornadoVM is looked for before the build: its backend is compiled into the jar only when TORNADOVM_HOME is set.
tornado=0
neuromod_find_tornado && tornado=1
echo "bench/run.sh: building (JDK at $JAVA_HOME${TORNADOVM_HOME:+, TornadoVM at $TORNADOVM_HOME})" >&2
(cd "$ROOT" && mvn -B -q -ntp -DskipTests install) >&2

if [ "$full" = 1 ]; then
  settings=(-f 3 -wi 5 -i 10 -w 10s -r 10s)
else
  settings=(-f 1 -wi 4 -i 5 -w 1s -r 1s)
fi
json="$out/jmh-$stamp.json"
profile="$out/jmh-$stamp-profile.jsonl"
forks="--add-modules jdk.incubator.vector -Dneuromod.bench.profile=$profile"
backends=()
if [ "$tornado" = 1 ]; then
  argfile="$(neuromod_tornado_argfile "$ROOT/bench/target/tornado-argfile")"
  forks="$forks @$argfile -Dtornado.recover.bailout=False"
  [ -n "${NEUROMOD_TORNADO_DEVICE:-}" ] && forks="$forks -Dneuromod.bench.device=$NEUROMOD_TORNADO_DEVICE"
  backends=(-p backend=jvm,tornado)
  echo "bench/run.sh: TornadoVM at $TORNADOVM_HOME: KernelBench and StepBench run on the JVM and on TornadoVM" >&2
else
  echo "bench/run.sh: no TornadoVM (set TORNADOVM_HOME to a TornadoVM SDK): the JVM backend only" >&2
fi
# GemmBench is left to bench/gemm.sh below, which runs it beside OpenBLAS.
# shellcheck disable=SC2086 # $extra is a list of JMH arguments, $forks of JVM flags
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -jar "$ROOT/bench/target/benchmarks.jar" \
  "${settings[@]}" -e GemmBench -jvmArgsAppend "$forks" -rf json -rff "$json" "${backends[@]}" $extra
command="bench/run.sh"
[ "$full" = 1 ] && command="$command --full"
[ -n "$extra" ] && command="$command --jmh \"$extra\""
python3 "$ROOT/bench/report.py" "$json" "$out/jmh-$stamp.md" "$command" "$profile"
echo "bench/run.sh: JMH report in $out/jmh-$stamp.md" >&2

# The update family once per registered rule (the registry names them; no rule is listed here).
rules="$("$JAVA_HOME/bin/java" -cp "$ROOT/bench/target/benchmarks.jar" org.neuromod.bench.RuleNames)"
rules_json="$out/jmh-rules-$stamp.json"
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -jar "$ROOT/bench/target/benchmarks.jar" \
  "${settings[@]}" -jvmArgsAppend "--add-modules jdk.incubator.vector" -rf json -rff "$rules_json" \
  KernelBench -p op=update -p "rule=$rules"
python3 "$ROOT/bench/report.py" "$rules_json" "$out/jmh-rules-$stamp.md" "$command (update family, every rule)"
echo "bench/run.sh: update-rule report in $out/jmh-rules-$stamp.md" >&2

# Each matrix product of the step against OpenBLAS SGEMM on the same shapes (bench/gemm.sh; the jar is built).
# Without gcc or OpenBLAS it says what is missing, and the peer comparison still runs.
gemm_args=(--no-build --out "$out")
[ "$full" = 1 ] || gemm_args+=(--quick --repeats 1)
"$ROOT/bench/gemm.sh" "${gemm_args[@]}" >&2 || echo "bench/run.sh: the GEMM comparison failed (above); going on" >&2

if [ "$peer" = 1 ]; then
  "$ROOT/bench/peer.sh" --out "$out"
fi
