#!/usr/bin/env bash
# Peer comparison of training throughput, neuromod (Java) vs PyTorch on the CPU: runs bench/peer/compare.py with
# Debian's /usr/bin/python3 (the one with python3-torch; a pyenv python3 on PATH has no torch).
#   bench/peer.sh [--populations 1,8] [--repeats 3] [--min-seconds 5 | --epochs N] [--data-dir DIR] [--out DIR] [--java-cmd CMD]
# Reports go to bench/reports/peer-<UTC timestamp>.{md,json}.  See bench/peer/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PEER_LAUNCHER=bench/peer.sh exec /usr/bin/python3 bench/peer/compare.py "$@"
