#!/usr/bin/env python3
"""Turns a JMH JSON result file into a Markdown report that names the machine and the devices it ran on.

usage: report.py RESULT.json REPORT.md "COMMAND" [PROFILE.jsonl]
StepBench rows also get network-samples per second (population * batch / time per step). With PROFILE.jsonl
(the benchmarks' -Dneuromod.bench.profile file: device, choices and TornadoVM's mean split of a step per
trial), rows run on both backends are shown side by side, JVM against TornadoVM, with TornadoVM's split of each
step into device kernel, transfer and dispatch time, and the kind of product (plain or tiled) it chose. A
TornadoVM device of type CPU (PoCL) is labelled a CPU OpenCL device.
"""
import json
import os
import platform
import subprocess
import sys


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def mem_gib():
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
        return f"{kib / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        return "unknown"


def commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short=10", "HEAD"], capture_output=True, text=True,
                              cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def short_name(benchmark):
    return benchmark.rsplit(".", 2)[-2] + "." + benchmark.rsplit(".", 1)[-1]


def key(name, params):
    """A row's identity without its backend: the benchmark and every other parameter."""
    return (name, tuple(sorted((k, v) for k, v in params.items() if k != "backend")))


def device_label(device):
    if device and "(CPU," in device:
        return f"{device}: a CPU OpenCL device (PoCL or similar), not a GPU"
    return device or "unknown"


def load_profiles(path):
    profiles = {}
    if path and os.path.exists(path):
        with open(path) as f:
            for line in f:
                if line.strip():
                    p = json.loads(line)
                    params = {k: str(v) for k, v in p["params"].items()}
                    profiles[(short_name(p["benchmark"]), params.get("backend", "jvm"), key(short_name(p["benchmark"]), params))] = p
    return profiles


def products(choices):
    """'forward0 tiled, ...' -> 'tiled 3/5' style summary of the products' kinds."""
    if not choices:
        return ""
    kinds = [v.split(" ", 1)[0] for v in choices.values()]
    return f"tiled {kinds.count('tiled')}/{len(kinds)}"


def main(src, dst, command, profile_path=None):
    with open(src) as f:
        results = json.load(f)
    profiles = load_profiles(profile_path)
    jdk = results[0]["vmName"] + " " + results[0]["jdkVersion"] if results else "unknown"
    devices = {}
    for (name, backend, _), p in profiles.items():
        devices.setdefault(backend, p["device"])
    lines = [
        "# JMH results: " + (" vs ".join(("JVM" if b == "jvm" else "TornadoVM") for b in sorted(devices)) or "JVM backend"),
        "",
        f"- machine: {cpu_model()}, {os.cpu_count()} cores, {mem_gib()} memory, {platform.system()} {platform.release()}",
        f"- JDK: {jdk}",
        f"- commit: {commit()}",
        f"- command: `{command}` (raw JMH results: `{os.path.basename(src)}`)",
    ]
    for backend in sorted(devices):
        lines.append(f"- {'JVM backend' if backend == 'jvm' else 'TornadoVM device'}: {device_label(devices[backend])}")
    lines += [
        "- times are averages per call; the error is JMH's 99.9% interval. Shared 2-core machines are noisy: compare",
        "  rows of one run, as ratios.",
        "",
        "| benchmark | params | time per call (us) | error (us) | network-samples/s |",
        "|---|---|---:|---:|---:|",
    ]
    by_key = {}
    for r in results:
        name = short_name(r["benchmark"])
        params = r.get("params", {})
        score = r["primaryMetric"]["score"]
        try:
            error = float(r["primaryMetric"]["scoreError"])  # "NaN" (a string) with fewer than 3 iterations
        except (TypeError, ValueError):
            error = float("nan")
        unit = r["primaryMetric"]["scoreUnit"]
        if unit != "us/op":
            raise SystemExit(f"unexpected unit {unit} in {name}")
        rate = ""
        if "StepBench" in name:
            rate = f"{int(params['population']) * int(params['batch']) / score * 1e6:,.0f}"
        shown = " ".join(f"{k}={v}" for k, v in params.items())
        lines.append(f"| {name} | {shown} | {score:,.1f} | {error:,.1f} | {rate} |")
        by_key.setdefault(key(name, params), {})[params.get("backend", "jvm")] = (score, error)
    pairs = [(k, v) for k, v in by_key.items() if "jvm" in v and "tornado" in v]
    if pairs:
        lines += [
            "",
            "## JVM vs TornadoVM, side by side (same run)",
            "",
            "ratio = JVM time / TornadoVM time (above 1: TornadoVM faster). TornadoVM's split is its profiler's mean per",
            "measured step: device kernel time, data transfer time (batch indices and step input in, loss and",
            "statistics out) and kernel dispatch time. On TornadoVM the statistics and the update are one fused",
            "kernel, so the stats and update families both time it.",
            "",
            "| benchmark | params | JVM (us) | TornadoVM (us) | ratio | TornadoVM kernel / transfer / dispatch (us) | products |",
            "|---|---|---:|---:|---:|---|---|",
        ]
        for k, v in pairs:
            name, params = k
            jvm, tornado = v["jvm"][0], v["tornado"][0]
            prof = profiles.get((name, "tornado", k))
            split, kinds = "", ""
            if prof:
                m = prof["meanNanosPerStep"]
                split = (f"{m.get('deviceKernelNanos', 0) / 1e3:,.1f} / {m.get('dataTransferNanos', 0) / 1e3:,.1f} / "
                         f"{m.get('kernelDispatchNanos', 0) / 1e3:,.1f}")
                kinds = products(prof.get("choices"))
            shown = " ".join(f"{a}={b}" for a, b in params)
            lines.append(f"| {name} | {shown} | {jvm:,.1f} | {tornado:,.1f} | {jvm / tornado:.2f} | {split} | {kinds} |")
        chosen = {p["device"]: p["choices"] for (n, b, _), p in profiles.items() if b == "tornado" and p.get("choices")}
        for device, choices in chosen.items():
            lines += ["", f"Products chosen on {device_label(device)} (last trial):", ""]
            lines += [f"- {name}: {why}" for name, why in choices.items()]
    with open(dst, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
