#!/usr/bin/env bash
# GEMM throughput of the JVM backend against OpenBLAS SGEMM, per matrix product of a training step (784-128-10,
# batch 64; org.neuromod.bench.GemmShapes lists them), measured in the same run: JMH's GemmBench and
# bench/blas/sgemm_bench.c take turns `repeats` times, and bench/gemm_report.py writes the median GFLOP/s of each
# side and their ratio to bench/reports/gemm-<UTC timestamp>[-avx2].{md,json}; the script prints the report's path.
#
#   bench/gemm.sh                      populations 1,8,32, 2 repeats (a few minutes on 2 cores)
#   bench/gemm.sh --quick              shorter JMH and sgemm_bench windows
#   bench/gemm.sh --avx2               JVM forks with -XX:UseAVX=2 (256-bit vectors), OpenBLAS with its Haswell kernels
#   bench/gemm.sh --populations 1,8 --repeats 3 --out DIR --no-build
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../bin/lib/jdk.sh
. "$ROOT/bin/lib/jdk.sh"
neuromod_select_jdk || exit 1
neuromod_maven_opts

hidden=128 batch=64
avx2=0 pops="1,8,32" repeats=2 quick=0 build=1 out="$ROOT/bench/reports"
command="bench/gemm.sh"
for arg in "$@"; do command="$command $(printf '%q' "$arg")"; done
while [ $# -gt 0 ]; do
  case "$1" in
    --avx2) avx2=1 ;;
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    --populations|--repeats|--out)
      [ $# -ge 2 ] || { echo "bench/gemm.sh: $1 wants a value (see --help)" >&2; exit 2; }
      case "$1" in
        --populations) pops="$2" ;;
        --repeats) repeats="$2" ;;
        --out) out="$2" ;;
      esac
      shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "bench/gemm.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$pops" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || { echo "bench/gemm.sh: --populations wants e.g. 1,8,32, not '$pops'" >&2; exit 2; }
[[ "$repeats" =~ ^[1-9][0-9]*$ ]] || { echo "bench/gemm.sh: --repeats wants a positive count, not '$repeats'" >&2; exit 2; }
command -v gcc >/dev/null || { echo "bench/gemm.sh: gcc is not on PATH: it compiles the OpenBLAS side (Debian: apt-get install gcc)" >&2; exit 1; }
[ -x /usr/bin/python3 ] || { echo "bench/gemm.sh: /usr/bin/python3 missing: it writes the report" >&2; exit 1; }

cores="$(nproc)"
blas_threads=1
[ "$cores" -gt 1 ] && blas_threads="1,$cores"
if [ "$quick" = 1 ]; then
  jmh_settings=(-f 1 -wi 4 -i 3 -w 200ms -r 200ms)
  blas_settings=(--seconds 0.2 --windows 3)
else
  jmh_settings=(-f 1 -wi 5 -i 5 -w 500ms -r 500ms)
  blas_settings=(--seconds 0.4 --windows 5)
fi

# The OpenBLAS kernels: the JVM's vector width's peer with --avx2, else the fastest the CPU runs (the rule of
# bench/peer/compare.py's openblas_coretype: forcing a core type the CPU lacks ends in SIGILL, so without AVX2 and
# FMA OpenBLAS chooses). An OPENBLAS_CORETYPE in the caller's environment is replaced or removed either way.
flags=" $(grep -m 1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
has_flags() {
  local flag
  for flag in "$@"; do
    [[ "$flags" == *" $flag "* ]] || return 1
  done
}
avx=""
suffix=""
if [ "$avx2" = 1 ]; then
  avx="-XX:UseAVX=2"
  suffix="-avx2"
  coretype=Haswell
elif has_flags avx512f avx512bw avx512dq avx512vl avx512cd avx2 fma; then
  coretype=SkylakeX
elif has_flags avx2 fma; then
  coretype=Haswell
else
  coretype=""
fi
if [ -n "$coretype" ]; then
  blas_env=(env "OPENBLAS_CORETYPE=$coretype")
else
  blas_env=(env -u OPENBLAS_CORETYPE)
fi

mkdir -p "$out"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
base="$out/gemm-$stamp$suffix"
if [ "$build" = 1 ]; then
  command -v mvn >/dev/null || { echo "bench/gemm.sh: Maven (mvn) is not on PATH (or pass --no-build)" >&2; exit 1; }
  echo "bench/gemm.sh: building (JDK at $JAVA_HOME)" >&2
  (cd "$ROOT" && mvn -B -q -ntp -DskipTests install) >&2
fi
jar="$ROOT/bench/target/benchmarks.jar"
[ -f "$jar" ] || { echo "bench/gemm.sh: no $jar: build first (drop --no-build)" >&2; exit 1; }
mkdir -p "$ROOT/bench/target"
gcc -O2 -o "$ROOT/bench/target/sgemm_bench" "$ROOT/bench/blas/sgemm_bench.c" -ldl

shapes="$base-shapes.tsv"
"$JAVA_HOME/bin/java" -cp "$jar" org.neuromod.bench.GemmShapes --hidden "$hidden" --batch "$batch" > "$shapes"
names="$(awk '!/^#/ && NF { printf "%s%s", sep, $1; sep = "," }' "$shapes")"
[ -n "$names" ] || { echo "bench/gemm.sh: GemmShapes printed no shapes (see $shapes)" >&2; exit 1; }
echo "bench/gemm.sh: shapes $names; populations $pops; $repeats repeat(s); JVM threads $cores," \
     "OpenBLAS threads $blas_threads, OPENBLAS_CORETYPE ${coretype:-unset}${avx:+; JVM forks $avx}" >&2

jmh_files=() blas_files=()
for ((i = 1; i <= repeats; i++)); do
  jmh_json="$base-jmh-$i.json"
  blas_jsonl="$base-blas-$i.jsonl"
  echo "bench/gemm.sh: repeat $i of $repeats: JMH GemmBench" >&2
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -jar "$jar" GemmBench \
    -p "shape=$names" -p "hidden=$hidden" -p "batch=$batch" -p "population=$pops" -p "threads=$cores" \
    "${jmh_settings[@]}" -rf json -rff "$jmh_json" \
    -jvmArgsAppend "--add-modules jdk.incubator.vector${avx:+ $avx}" >&2
  echo "bench/gemm.sh: repeat $i of $repeats: OpenBLAS sgemm_bench" >&2
  "${blas_env[@]}" "$ROOT/bench/target/sgemm_bench" --threads "$blas_threads" --populations "$pops" \
    "${blas_settings[@]}" < "$shapes" > "$blas_jsonl"
  jmh_files+=("$jmh_json")
  blas_files+=("$blas_jsonl")
done

report="$base.md"
/usr/bin/python3 "$ROOT/bench/gemm_report.py" "$(IFS=,; echo "${jmh_files[*]}")" "$(IFS=,; echo "${blas_files[*]}")" \
  "$shapes" "$report" "$command"
echo "$report"
