#!/usr/bin/env bash
# GPU readiness: on a machine with an NVIDIA GPU (or any TornadoVM device), states what the TornadoVM backend
# needs and what is missing (OpenCL ICD loader and driver, a device, libcuda for PTX), then runs the JMH
# benchmarks JVM vs TornadoVM (each kernel family and the whole step, with TornadoVM's kernel / transfer /
# dispatch split) and a population-training throughput sweep (P = 1, 8, 32, 128, 512; 784-128-10 on synthetic
# data of MNIST's shape) on each TornadoVM backend's first GPU (OpenCL, and PTX when the SDK has it), and
# writes report.md (with the raw results) into the given folder.
#
#   bench/gpu-ready.sh --out DIR [--quick] [--device ID] [--kit DIR]
#     --out DIR      report folder (created)
#     --quick        short settings (under 3 minutes on a CPU OpenCL device); default: longer JMH runs
#     --device ID    measure this TornadoVM device ("0:0", as listed in the report), e.g. a CPU OpenCL one;
#                    default: the first GPU/accelerator of each TornadoVM backend
#     --kit DIR      a folder written by bench/gpu-pack.sh (JDK runtime, TornadoVM SDK, benchmarks jar,
#                    OpenCL loader), unpacked under ${TMPDIR:-/tmp}; without it: JAVA_HOME (a Java >= 25),
#                    TORNADOVM_HOME (or ~/.local/tornadovm) and bench/target/benchmarks.jar
# Exit status: 0 measured; 1 nothing to measure (the report says what is missing); 2 a bad argument.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

out="" quick=0 device="" kit=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift ;;
    --quick) quick=1 ;;
    --device) device="$2"; shift ;;
    --kit) kit="$2"; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "bench/gpu-ready.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$out" ] || { echo "bench/gpu-ready.sh: --out DIR is required (see --help)" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
started=$(date +%s)
report="$out/report.md"
missing=()
say() { echo "gpu-ready: $*" >&2; }
libs() { { PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null; } || true; }  # the shared libraries the loader knows

# --- the runtime: a kit, or what this machine has -----------------------------------------------------------
jar="$ROOT/bench/target/benchmarks.jar"
if [ -n "$kit" ]; then
  kit="$(cd "$kit" && pwd)"
  unpacked="${TMPDIR:-/tmp}/neuromod-gpu-kit"
  if [ ! -x "$unpacked/jdk/bin/java" ] || [ "$kit/jdk.txz" -nt "$unpacked/jdk/bin/java" ]; then
    say "unpacking $kit into $unpacked"
    rm -rf "$unpacked" && mkdir -p "$unpacked"
    xz -dc "$kit/jdk.txz" | tar -C "$unpacked" -xf -
    xz -dc "$kit/tornadovm.txz" | tar -C "$unpacked" -xf -
  fi
  export JAVA_HOME="$unpacked/jdk" TORNADOVM_HOME="$unpacked/tornadovm"
  jar="$kit/benchmarks.jar"
  built_at="$(cat "$kit/tornadovm.built-at")"
  # the kit's OpenCL ICD loader, used only when the machine has none
  if ! libs | grep -q 'libOpenCL\.so\.1 '; then
    mkdir -p "$unpacked/opencl" && cp "$kit/libOpenCL.so.1" "$unpacked/opencl/"
    export LD_LIBRARY_PATH="$unpacked/opencl${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    say "no system OpenCL ICD loader: using the kit's libOpenCL.so.1"
  fi
else
  TORNADOVM_HOME="${TORNADOVM_HOME:-$HOME/.local/tornadovm}"
  built_at="$(sed -n 's#^-Djava.library.path=\(.*\)/lib$#\1#p' "$TORNADOVM_HOME/tornado-argfile" 2>/dev/null || true)"
fi
java="${JAVA_HOME:-}/bin/java"
[ -x "$java" ] || java="$(command -v java || true)"
version="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')" || true
if [ -z "$version" ] || [ "$version" -lt 25 ]; then
  missing+=("a Java 25 runtime (JAVA_HOME='${JAVA_HOME:-}', java found: ${version:-none}); bench/gpu-pack.sh packs one")
fi
[ -f "$jar" ] || missing+=("the benchmarks jar ($jar): build it with TORNADOVM_HOME set (bench/gpu-pack.sh does)")
tornado_ok=0
if [ -f "${TORNADOVM_HOME:-/nonexistent}/tornado-argfile" ]; then
  tornado_ok=1
  TORNADOVM_HOME="$(cd "$TORNADOVM_HOME" && pwd)"
  # TornadoVM's argfile names the folder it was built in; point it at this one, without "." on the module path
  argfile="$out/tornado-argfile"
  sed -e "s#${built_at:-/nonexistent-path}#$TORNADOVM_HOME#g" -e 's#--module-path \.:#--module-path #' \
    "$TORNADOVM_HOME/tornado-argfile" > "$argfile"
  backends="$(sed -n 's/^tornado.backends=//p' "$TORNADOVM_HOME/etc/tornado.backend" 2>/dev/null)"
else
  missing+=("TornadoVM (TORNADOVM_HOME='${TORNADOVM_HOME:-}' holds no tornado-argfile); bench/gpu-pack.sh packs one")
  backends=""
fi

# --- the machine: drivers and devices ------------------------------------------------------------------------
icds="$(ls /etc/OpenCL/vendors/*.icd 2>/dev/null | tr '\n' ' ' || true)"
[ -n "$icds" ] || missing+=("no OpenCL ICD (no /etc/OpenCL/vendors/*.icd: the GPU driver's OpenCL part, e.g. NVIDIA's libnvidia-opencl, is not installed)")
loader="$(libs | awk '/libOpenCL\.so\.1 / {print $NF; exit}')"
[ -n "$loader" ] || [ -n "${LD_LIBRARY_PATH:-}" ] || missing+=("no OpenCL ICD loader (libOpenCL.so.1; Debian: ocl-icd-libopencl1)")
nvidia="$(nvidia-smi -L 2>/dev/null || true)"
[ -n "$nvidia" ] || missing+=("no NVIDIA GPU visible (nvidia-smi -L lists none or is not installed)")
libcuda="$(libs | awk '/libcuda\.so\.1 / {print $NF; exit}')"
[ -n "$libcuda" ] || missing+=("no libcuda.so.1 (the NVIDIA driver's CUDA library; TornadoVM's PTX backend needs it)")
case ",$backends," in *ptx*) ;; *) missing+=("no PTX backend in this TornadoVM build (tornado.backends=$backends): OpenCL only") ;; esac

run_java() { "$java" @"$argfile" --add-modules jdk.incubator.vector -Dtornado.recover.bailout=False "$@"; }
devices=""
if [ "$tornado_ok" = 1 ] && [ -f "$jar" ] && [ -n "$version" ] && [ "$version" -ge 25 ]; then
  devices="$(run_java -cp "$jar" org.neuromod.bench.Throughput --devices 2>"$out/devices.err" || true)"
  grep -q '^[0-9]*:[0-9]*  ' <<<"$devices" || missing+=("TornadoVM finds no device: $(tr '\n' ' ' <<<"$devices") $(grep -v 'incubator' "$out/devices.err" | head -n 3 | tr '\n' ' ')")
fi

# the devices to measure: --device, else each backend's first non-CPU device
targets=()
if [ -n "$device" ]; then
  grep -q "^$device  " <<<"$devices" && targets=("$device") || missing+=("--device $device is not one of TornadoVM's devices")
else
  while read -r id _ type _; do
    [ -n "$id" ] && [ "$type" != CPU ] && [[ " ${targets[*]:-} " != *" ${id%%:*}:"* ]] && targets+=("$id")
  done < <(grep '^[0-9]*:[0-9]*  ' <<<"$devices" || true)
  [ ${#targets[@]} -gt 0 ] || missing+=("no GPU or other accelerator among TornadoVM's devices (pass --device ID to measure a CPU OpenCL device)")
fi

{
  echo "# GPU readiness: neuromod on TornadoVM"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); host: $(uname -n); CPU: $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
  echo "- command: \`bench/gpu-ready.sh --out $out$([ "$quick" = 1 ] && echo " --quick")${device:+ --device $device}${kit:+ --kit $kit}\`"
  echo "- Java: $("$java" -version 2>&1 | head -n 1) at ${JAVA_HOME:-PATH}"
  echo "- TornadoVM: ${TORNADOVM_HOME:-none} (backends: ${backends:-none})"
  echo "- OpenCL ICDs: ${icds:-none}; loader: ${loader:-${LD_LIBRARY_PATH:-none}}"
  echo "- NVIDIA: ${nvidia:-none}; libcuda: ${libcuda:-none}"
  echo
  echo "## TornadoVM devices"
  echo
  echo '```'
  echo "${devices:-none}"
  echo '```'
  echo
  echo "## Missing"
  echo
  if [ ${#missing[@]} -eq 0 ]; then echo "nothing"; else printf -- '- %s\n' "${missing[@]}"; fi
} > "$report"

if [ ${#targets[@]} -eq 0 ]; then
  say "nothing to measure; report in $report"
  printf -- '- %s\n' "${missing[@]}" >&2
  exit 1
fi

# --- measurements ---------------------------------------------------------------------------------------------
threads="$(nproc)"
for target in "${targets[@]}"; do
  tag="${target/:/-}"
  type="$(awk -v id="$target" '$1 == id {print $3}' <<<"$devices")"
  label="TornadoVM device $target ($(grep "^$target  " <<<"$devices" | sed 's/  */ /g'))"
  [ "$type" = CPU ] && label="$label: a CPU OpenCL device, not a GPU (figures are not GPU figures)"
  say "measuring on $label"
  {
    echo
    echo "## $label"
  } >> "$report"

  # JMH, JVM vs TornadoVM in one run. Quick: in-process (-f 0), one population, the step and the product families.
  if [ "$quick" = 1 ]; then
    jmh=(-f 0 -wi 1 -i 2 -w 1s -r 1s StepBench KernelBench -p op=forward,backward,update -p population=8
         -p hidden=128 -p "threads=$threads")
  else
    jmh=(-f 1 -wi 3 -i 5 -w 1s -r 1s StepBench KernelBench -p population=8,64 -p hidden=128 -p "threads=$threads")
  fi
  profile="$out/jmh-$tag-profile.jsonl"
  rm -f "$profile"
  props=(-Dneuromod.bench.device="$target" -Dneuromod.bench.profile="$profile")
  run_java "${props[@]}" -jar "$jar" "${jmh[@]}" -p backend=jvm,tornado -rf json -rff "$out/jmh-$tag.json" \
    -jvmArgsAppend "@$argfile --add-modules jdk.incubator.vector -Dtornado.recover.bailout=False ${props[*]}" \
    > "$out/jmh-$tag.log" 2>&1 || say "JMH failed on $target: see $out/jmh-$tag.log"
  if command -v python3 >/dev/null && [ -f "$out/jmh-$tag.json" ]; then
    python3 "$ROOT/bench/report.py" "$out/jmh-$tag.json" "$out/jmh-$tag.md" "bench/gpu-ready.sh (JMH ${jmh[*]} -p backend=jvm,tornado)" "$profile"
    { echo; echo "### JMH, JVM vs TornadoVM"; echo; sed -n '/^## JVM vs TornadoVM/,$p' "$out/jmh-$tag.md" | tail -n +2; } >> "$report"
  else
    { echo; echo "JMH results: $out/jmh-$tag.json (python3 missing or JMH failed: no table)"; } >> "$report"
  fi

  # the throughput sweep, TornadoVM then the JVM backend on this machine's cores
  if [ "$quick" = 1 ]; then
    sweep=(--populations 1,8,32,128,512 --samples 10000 --seconds 0.5 --min-steps 1)
  else
    sweep=(--populations 1,8,32,128,512 --samples 60000 --seconds 5 --min-steps 5)
  fi
  for backend in tornado jvm; do
    args=(--backend "$backend")
    # TornadoVM compiles in its first step; the JVM's JIT needs a few more to warm up
    if [ "$backend" = tornado ]; then args+=(--device "$target" "${sweep[@]}" --warmup 1); else args+=(--threads "$threads" "${sweep[@]}" --warmup 20); fi
    { echo; echo "### Throughput sweep, $backend (784-128-10, batch 64, momentum; synthetic data of MNIST's shape)"; echo
      echo "\`java ... org.neuromod.bench.Throughput ${args[*]}\`"; echo; } >> "$report"
    if ! run_java -cp "$jar" org.neuromod.bench.Throughput "${args[@]}" --out "$out/throughput-$tag-$backend.json" \
        2>"$out/throughput-$tag-$backend.err" >> "$report"; then
      say "throughput sweep ($backend) failed: see $out/throughput-$tag-$backend.err"
      echo "(failed: $(tail -n 3 "$out/throughput-$tag-$backend.err" | tr '\n' ' '))" >> "$report"
    fi
  done
  # where the modulation runs and how many steps go in one call: a GRN population on TornadoVM, modulated on
  # the host between steps, then on the device at 1, 8 and 32 steps per call
  if [ "$quick" = 1 ]; then
    msweep=(--populations 8,64 --samples 10000 --seconds 0.5 --min-steps 32 --warmup 1)
  else
    msweep=(--populations 8,64 --samples 60000 --seconds 5 --min-steps 64 --warmup 2)
  fi
  { echo; echo "### Modulation on the host against the device, steps per call (TornadoVM, 784-128-10, batch 64, momentum, a random GRN population)"; } >> "$report"
  for mode in "host 1" "device 1" "device 8" "device 32"; do
    read -r where per <<<"$mode"
    args=(--backend tornado --device "$target" "${msweep[@]}" --modulation "$where" --steps-per-call "$per")
    { echo; echo "\`java ... org.neuromod.bench.Throughput ${args[*]}\`"; echo; } >> "$report"
    if ! run_java -cp "$jar" org.neuromod.bench.Throughput "${args[@]}" \
        --out "$out/modulation-$tag-$where-$per.json" 2>"$out/modulation-$tag-$where-$per.err" >> "$report"; then
      say "modulation sweep ($where, $per per call) failed: see $out/modulation-$tag-$where-$per.err"
      echo "(failed: $(tail -n 3 "$out/modulation-$tag-$where-$per.err" | tr '\n' ' '))" >> "$report"
    fi
  done
  if [ -f "$out/throughput-$tag-tornado.json" ] && command -v python3 >/dev/null; then
    { echo; echo "Products chosen for the largest population (measured at 64 networks at most):"; echo
      python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["rows"][-1]; [print(f"- {k}: {v}") for k,v in r["choices"].items()]' "$out/throughput-$tag-tornado.json"; } >> "$report"
  fi
done
echo >> "$report"
echo "Took $(( $(date +%s) - started )) s." >> "$report"
say "report in $report ($(( $(date +%s) - started )) s)"
