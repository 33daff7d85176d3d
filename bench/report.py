#!/usr/bin/env python3
"""Turns a JMH JSON result file into a Markdown report that names the machine it ran on.

usage: report.py RESULT.json REPORT.md "COMMAND"
StepBench rows also get network-samples per second (population * batch / time per step).
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


def main(src, dst, command):
    with open(src) as f:
        results = json.load(f)
    jdk = results[0]["vmName"] + " " + results[0]["jdkVersion"] if results else "unknown"
    lines = [
        "# JMH results: JVM backend",
        "",
        f"- machine: {cpu_model()}, {os.cpu_count()} cores, {mem_gib()} memory, {platform.system()} {platform.release()}",
        f"- JDK: {jdk}",
        f"- commit: {commit()}",
        f"- command: `{command}` (raw JMH results: `{os.path.basename(src)}`)",
        "- times are averages per call; the error is JMH's 99.9% interval. Shared 2-core machines are noisy: compare",
        "  rows of one run, as ratios.",
        "",
        "| benchmark | params | time per call (us) | error (us) | network-samples/s |",
        "|---|---|---:|---:|---:|",
    ]
    for r in results:
        name = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
        params = r.get("params", {})
        score = r["primaryMetric"]["score"]
        error = r["primaryMetric"]["scoreError"]
        unit = r["primaryMetric"]["scoreUnit"]
        if unit != "us/op":
            raise SystemExit(f"unexpected unit {unit} in {name}")
        rate = ""
        if "StepBench" in name:
            rate = f"{int(params['population']) * int(params['batch']) / score * 1e6:,.0f}"
        shown = " ".join(f"{k}={v}" for k, v in params.items())
        lines.append(f"| {name} | {shown} | {score:,.1f} | {error:,.1f} | {rate} |")
    with open(dst, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
