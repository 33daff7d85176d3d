#!/usr/bin/env bash
# Before/after benchmark of two commits, side by side in one run: builds each commit's benchmark jar in a
# temporary git worktree, then runs the same JMH selection alternately (base, head, base, head, ...), one fork
# each, and prints the per-repeat ratio head/base of every benchmark configuration and their median.
#
#   bench/compare-commits.sh BASE [HEAD] [--repeats N] [--jmh "ARGS"]
#   e.g. bench/compare-commits.sh HEAD~1 HEAD --jmh "StepBench -p threads=2"
# Default JMH arguments: StepBench with 3 warm-up and 5 measured 1 s iterations. Reports go to bench/reports/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../bin/lib/jdk.sh
. "$ROOT/bin/lib/jdk.sh"
neuromod_select_jdk || exit 1
neuromod_maven_opts

base="" head="HEAD" repeats=3 jmh="StepBench"
while [ $# -gt 0 ]; do
  case "$1" in
    --repeats) repeats="$2"; shift ;;
    --jmh) jmh="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) echo "bench/compare-commits.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) if [ -z "$base" ]; then base="$1"; else head="$1"; fi ;;
  esac
  shift
done
[ -n "$base" ] || { echo "bench/compare-commits.sh: name the base commit (see --help)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'for w in "$work"/base "$work"/head; do [ -d "$w" ] && git -C "$ROOT" worktree remove --force "$w" >/dev/null 2>&1; done; rm -rf "$work"' EXIT
for side in base head; do
  rev="${!side}"
  sha="$(git -C "$ROOT" rev-parse --short=10 "$rev")"
  echo "bench/compare-commits.sh: building $side = $rev ($sha)" >&2
  git -C "$ROOT" worktree add --detach "$work/$side" "$sha" >/dev/null
  (cd "$work/$side" && mvn -B -q -ntp -DskipTests -pl bench -am package) >&2
  cp "$work/$side/bench/target/benchmarks.jar" "$work/$side.jar"
  echo "$sha" > "$work/$side.sha"
done

out="$ROOT/bench/reports"
mkdir -p "$out"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
for r in $(seq 1 "$repeats"); do
  for side in base head; do
    echo "bench/compare-commits.sh: repeat $r, $side" >&2
    # shellcheck disable=SC2086 # $jmh is a list of JMH arguments
    "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -jar "$work/$side.jar" -f 1 -wi 3 -i 5 -w 1s -r 1s \
      -rf json -rff "$work/$side-$r.json" $jmh >&2
  done
done
for f in "$work"/*-[0-9]*.json; do cp "$f" "$out/compare-$stamp-$(basename "$f")"; done
python3 - "$work" "$repeats" "$(cat "$work/base.sha")" "$(cat "$work/head.sha")" "$out/compare-$stamp.md" \
  "bench/compare-commits.sh $base $head --repeats $repeats --jmh \"$jmh\"" <<'PY'
import json, statistics, sys, platform
work, repeats, base, head, report, command = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
def names(side):
    return {k for b in json.load(open(f"{work}/{side}-1.json")) for k in b.get("params", {})}
common = names("base") & names("head")  # a parameter one side lacks (a newly added @Param) is not compared
def load(side, r):
    rows = {}
    for b in json.load(open(f"{work}/{side}-{r}.json")):
        key = b["benchmark"].split(".")[-2] + "." + b["benchmark"].split(".")[-1] + " " + \
              " ".join(f"{k}={v}" for k, v in sorted(b.get("params", {}).items()) if k in common)
        rows[key] = b["primaryMetric"]["score"]
    return rows
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
lines = [f"# {head} vs {base}", "", f"`{command}` on {cpu}; time per operation, lower is better; ratio = head / base per repeat (alternating forks).", "",
         "| benchmark | base (median) | head (median) | ratios | median ratio |", "|---|---:|---:|---|---:|"]
keys = load("base", 1).keys()
for k in keys:
    b = [load("base", r)[k] for r in range(1, repeats + 1)]
    h = [load("head", r)[k] for r in range(1, repeats + 1)]
    ratios = [hh / bb for hh, bb in zip(h, b)]
    lines.append(f"| {k} | {statistics.median(b):.1f} | {statistics.median(h):.1f} | {', '.join(f'{x:.3f}' for x in ratios)} | {statistics.median(ratios):.3f} |")
open(report, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "bench/compare-commits.sh: report in $out/compare-$stamp.md" >&2
