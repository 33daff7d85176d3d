#!/usr/bin/env bash
# Start-up before/after: the wall time of a one-epoch `bin/neuromod train` at P = 1, from the launcher's start to
# the process's end, for two commits alternately in one run (bench/startup.py says how).
#   bench/startup.sh BASE [HEAD] [--repeats 5] [--avx2] [-- TRAIN ARGS]
#   e.g. bench/startup.sh HEAD~1 HEAD; bench/startup.sh HEAD~1 HEAD --avx2
# Reports go to bench/reports/startup-<UTC timestamp>.md.
set -euo pipefail
exec /usr/bin/env python3 "$(dirname "$0")/startup.py" "$@"
