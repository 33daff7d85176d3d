#!/usr/bin/env bash
# Runs the experiments behind EXPERIMENTS.md and regenerates it: scripts/experiments.sh [--quick]. The full
# profile takes about 100 minutes on 2 cores, --quick about 15; run it again after a stop and it continues.
# Raw outputs go to runs/experiments/<profile>/, the result files and plots to docs/experiments/<profile>/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$(command -v python3 || true)"
[ -n "$PY" ] || { echo "experiments: python3 (standard library only) is needed to drive the runs" >&2; exit 1; }
exec "$PY" "$ROOT/scripts/experiments.py" "$@"
