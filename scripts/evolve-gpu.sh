#!/usr/bin/env bash
# A long evolution on the TornadoVM backend (a GPU), resumable: run it again with the same --out and it
# continues from the last checkpoint (after a crash, a kill, Ctrl-C, or --max-minutes running out).
#
#   scripts/evolve-gpu.sh                      evolve on the first GPU TornadoVM finds, into runs/gpu-grn
#   scripts/evolve-gpu.sh --device 0:1         on that TornadoVM device (bin/neuromod devices lists them)
#   scripts/evolve-gpu.sh --quick              a tiny evolution (a check that everything works); without a GPU
#                                              it uses the first OpenCL device, a CPU one such as PoCL, and says so
#   scripts/evolve-gpu.sh --out DIR --max-minutes 50 -- --kind cgp --hidden 256
#                                              flags after -- go to 'neuromod evolve' on a fresh run
#
# Defaults for a fresh run: grn modulators, momentum, mu-plus-lambda 8+24 (32 candidates trained together per
# generation), 300 generations, 1 epoch of MNIST per candidate, 784-128-10. Needs TornadoVM (TORNADOVM_HOME,
# or an SDK at ~/.local/tornadovm). Exit codes: those of 'neuromod evolve' (0 done or stopped by
# --max-minutes, 130/143 stopped by a signal), 1 when TornadoVM or a GPU is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "evolve-gpu.sh: $*" >&2; exit 1; }

quick=0 device="" out="" max_minutes="" extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --device) [ $# -ge 2 ] || die "--device needs a device id (bin/neuromod devices lists them)"; device="$2"; shift ;;
    --out) [ $# -ge 2 ] || die "--out needs a directory"; out="$2"; shift ;;
    --max-minutes) [ $# -ge 2 ] || die "--max-minutes needs a number"; max_minutes="$2"; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "evolve-gpu.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=../bin/lib/jdk.sh
. "$ROOT/bin/lib/jdk.sh"
neuromod_select_jdk || exit 1
if ! neuromod_find_tornado; then
  die "TornadoVM not found: set TORNADOVM_HOME to a TornadoVM SDK (one built with its OpenCL or PTX backend), or" \
      "put one at ~/.local/tornadovm; README's 'TornadoVM (GPU) backend' section says how to build it"
fi

# The devices TornadoVM sees: "tornado ID BACKEND TYPE NAME (MEMORY)" lines.
listing="$("$ROOT/bin/neuromod" devices 2>/dev/null)" || die "listing TornadoVM's devices failed: run bin/neuromod devices to see why"
devices="$(grep '^tornado [0-9]' <<<"$listing" | sed 's/^tornado //' || true)"
[ -n "$devices" ] || die "TornadoVM at $TORNADOVM_HOME found no device at all: no OpenCL ICD loader or driver" \
  "(/etc/OpenCL/vendors is $(ls /etc/OpenCL/vendors 2>/dev/null | tr '\n' ' ' || echo 'missing')) and no CUDA" \
  "driver ($(ldconfig -p 2>/dev/null | grep -q 'libcuda\.so' && echo 'libcuda present' || echo 'no libcuda'))"
gpu="$(awk '$3 != "CPU" { print $1; exit }' <<<"$devices")"

if [ -z "$device" ]; then
  if [ -n "$gpu" ]; then
    device="$gpu"
  elif [ "$quick" = 1 ]; then
    device="$(awk 'NR == 1 { print $1 }' <<<"$devices")"
    echo "evolve-gpu.sh: no GPU; --quick runs on the CPU OpenCL device $device: $(awk 'NR == 1' <<<"$devices")" >&2
  else
    missing="no GPU among TornadoVM's devices ($(tr '\n' ';' <<<"$devices"))"
    ldconfig -p 2>/dev/null | grep -q 'libcuda\.so' || missing="$missing; no libcuda (NVIDIA driver) on this machine"
    ls /etc/OpenCL/vendors/*nvidia* >/dev/null 2>&1 || missing="$missing; no NVIDIA OpenCL ICD in /etc/OpenCL/vendors"
    die "$missing. Use a machine with a GPU, or name a device with --device ID (or --quick) to run on a CPU one"
  fi
fi
line="$(awk -v d="$device" '$1 == d' <<<"$devices")"
[ -n "$line" ] || die "--device $device: no such TornadoVM device (these exist: $(tr '\n' ';' <<<"$devices"))"
echo "evolve-gpu.sh: device $line" >&2

if [ -z "$out" ]; then
  out="$ROOT/runs/gpu-grn"
  [ "$quick" = 1 ] && out="$ROOT/runs/gpu-quick"
fi
args=()
[ -n "$max_minutes" ] && args+=(--max-minutes "$max_minutes")
if [ -f "$out/config.yaml" ]; then
  echo "evolve-gpu.sh: $out holds a run: resuming it" >&2
  exec "$ROOT/bin/neuromod" evolve --resume "$out" "${args[@]}"
fi
if [ "$quick" = 1 ]; then
  args+=(--generations 2 --mu 2 --lambda 2 --limit 3000 --validation 1000 --hidden 32 --steps 20)
else
  args+=(--generations 300 --mu 8 --lambda 24 --max-population 32)
fi
exec "$ROOT/bin/neuromod" evolve --backend tornado --device "$device" --out "$out" "${args[@]}" "${extra[@]}"
