#!/usr/bin/python3
"""The GEMM report of bench/gemm.sh: the JVM backend's GFLOP/s (JMH's GemmBench) next to OpenBLAS SGEMM's
(bench/blas/sgemm_bench.c) on the matrix-product shapes of a training step, measured in the same run.

usage: gemm_report.py JMH_JSON[,JMH_JSON..] BLAS_JSONL[,BLAS_JSONL..] SHAPES_TSV OUT_MD [COMMAND]

JMH_JSON: JMH's `-rf json` output with results of org.neuromod.bench.GemmBench.run (params shape, population,
threads, and others; score in time per op, one op = the shape for all P members, so GFLOP/s = 2 M N K P / time).
BLAS_JSONL: sgemm_bench's lines. SHAPES_TSV: org.neuromod.bench.GemmShapes's "name M N K transA transB" lines, made
with the hidden widths and batch GemmBench ran with. Several files per side are repeats: each figure is the median
over the repeats. One row per (shape, population, and any other GemmBench parameter that varies, e.g. tile): the
JVM's GFLOP/s at its best thread count, OpenBLAS's best over its thread counts, and their ratio. Writes OUT_MD and,
next to it, the same rows as JSON (OUT_MD with .json for .md). Standard library only; run with /usr/bin/python3.
"""
import datetime
import json
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import commit, cpu_model  # noqa: E402  (the JMH report's machine and commit lines)

BENCHMARK = "org.neuromod.bench.GemmBench.run"
ROW_PARAMS = ("shape", "population", "threads")  # every other GemmBench parameter becomes a column if it varies
SECONDS = {"ns": 1e-9, "us": 1e-6, "\u00b5s": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0}
VECTOR_WIDTH = {  # HotSpot's -XX:UseAVX=N: the widest float vectors C2 and the Vector API get
    0: "128-bit vectors (SSE only, 16 registers)",
    1: "256-bit float vectors (AVX, 16 registers)",
    2: "256-bit vectors (AVX2, 16 registers)",
    3: "512-bit vectors (AVX-512, 32 registers)",
}


class InputError(Exception):
    pass


def split_paths(arg):
    return [p for p in arg.split(",") if p]


def load_shapes(path):
    """{name: {"M", "N", "K", "transA", "transB"}} in file order."""
    shapes = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split()
            try:
                if len(fields) != 6:
                    raise ValueError
                m, n, k, ta, tb = (int(v) for v in fields[1:])
            except ValueError:
                raise InputError(f"{path}:{number}: not 'name M N K transA transB': {line.rstrip()!r}") from None
            shapes[fields[0]] = {"M": m, "N": n, "K": k, "transA": ta, "transB": tb}
    return shapes


def seconds_per_op(score, unit):
    """JMH's primary score as seconds per op, from a time per op ("us/op") or a throughput ("ops/us")."""
    top, _, bottom = unit.partition("/")
    if bottom == "op" and top in SECONDS:
        return score * SECONDS[top]
    if top == "ops" and bottom in SECONDS:
        return SECONDS[bottom] / score
    raise InputError(f"unexpected JMH score unit {unit!r}")


def gflops(m, n, k, population, seconds):
    return 2.0 * m * n * k * population / seconds / 1e9


def load_jmh(path):
    """GemmBench results of one JMH JSON file: [{"params": {..}, "seconds": s, "jvmArgs": [..], ..}]."""
    with open(path) as f:
        text = f.read()
    try:
        results = json.loads(text) if text.strip() else []
    except json.JSONDecodeError as e:
        raise InputError(f"{path}: not JMH JSON: {e}") from None
    runs = []
    for r in results:
        if r.get("benchmark") != BENCHMARK or "primaryMetric" not in r:
            continue
        metric = r["primaryMetric"]
        params = {k: str(v) for k, v in r.get("params", {}).items()}
        if "shape" not in params or "population" not in params:
            raise InputError(f"{path}: a GemmBench result without shape or population params: {params}")
        runs.append({"params": params, "seconds": seconds_per_op(float(metric["score"]), metric["scoreUnit"]),
                     "jvmArgs": r.get("jvmArgs", []), "jdk": f"{r.get('vmName', '?')} {r.get('jdkVersion', '?')}",
                     "settings": {k: r.get(k) for k in ("forks", "warmupIterations", "warmupTime",
                                                         "measurementIterations", "measurementTime")}})
    return runs


def load_blas(path):
    lines = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                rec["population"], rec["threads"], rec["gflops"] = (
                    int(rec["population"]), int(rec["threads"]), float(rec["gflops"]))
                str(rec["shape"])
            except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                raise InputError(f"{path}:{number}: not an sgemm_bench line: {line.rstrip()!r}") from None
            lines.append(rec)
    return lines


def best_over_threads(samples):
    """{threads: [GFLOP/s per repeat]} -> (median at the best thread count, that count, its repeats), or Nones."""
    best = (None, None, [])
    for threads in sorted(samples):
        value = statistics.median(samples[threads])
        if best[0] is None or value > best[0]:
            best = (value, threads, sorted(samples[threads]))
    return best


def varying_params(jmh_files):
    """GemmBench parameters other than shape/population/threads: (those that vary, {those constant: value})."""
    values = {}
    for runs in jmh_files:
        for run in runs:
            for k, v in run["params"].items():
                if k not in ROW_PARAMS:
                    values.setdefault(k, set()).add(v)
    varying = sorted(k for k, vs in values.items() if len(vs) > 1)
    constant = {k: next(iter(vs)) for k, vs in sorted(values.items()) if len(vs) == 1}
    return varying, constant


def population_key(value):
    try:
        return (0, int(value), "")
    except ValueError:
        return (1, 0, value)


def build_rows(shapes, jmh_files, blas_files):
    """One row per (shape, population, varying params): both sides' median-over-repeats GFLOP/s at their best
    thread count, and the ratio JVM / OpenBLAS (None where a side is missing)."""
    varying, _ = varying_params(jmh_files)
    dims = {name: dict(d) for name, d in shapes.items()}
    blas = {}  # (shape, population) -> {threads: [gflops per repeat]}
    for lines in blas_files:
        for rec in lines:
            dims.setdefault(rec["shape"], {k: rec.get(k) for k in ("M", "N", "K", "transA", "transB")})
            blas.setdefault((rec["shape"], rec["population"]), {}).setdefault(rec["threads"], []).append(rec["gflops"])
    jvm = {}  # (shape, population, varying values) -> {threads: [gflops per repeat]}
    unsized = set()
    for runs in jmh_files:
        for run in runs:
            p = run["params"]
            key = (p["shape"], int(p["population"]), tuple(p.get(k, "") for k in varying))
            d = dims.get(p["shape"])
            if not d or None in (d.get("M"), d.get("N"), d.get("K")):
                unsized.add(p["shape"])
                jvm.setdefault(key, {})
                continue
            value = gflops(d["M"], d["N"], d["K"], int(p["population"]), run["seconds"])
            jvm.setdefault(key, {}).setdefault(int(p.get("threads", 0)), []).append(value)
    keys = set(jvm)
    jvm_pairs = {(s, pop) for s, pop, _ in jvm}
    for s, pop in blas:
        if (s, pop) not in jvm_pairs:
            keys.add((s, pop, tuple("" for _ in varying)))
    order = {name: i for i, name in enumerate(dims)}
    rows = []
    for shape, pop, extra in sorted(keys, key=lambda k: (order.get(k[0], len(order)), k[0], k[1],
                                                         tuple(population_key(v) for v in k[2]))):
        d = dims.get(shape, {})
        j_value, j_threads, j_repeats = best_over_threads(jvm.get((shape, pop, extra), {}))
        b_value, b_threads, b_repeats = best_over_threads(blas.get((shape, pop), {}))
        rows.append({
            "shape": shape, "M": d.get("M"), "N": d.get("N"), "K": d.get("K"),
            "transA": d.get("transA"), "transB": d.get("transB"), "population": pop,
            "params": dict(zip(varying, extra)),
            "jvmGflops": j_value, "jvmThreads": j_threads, "jvmRepeats": j_repeats,
            "openblasGflops": b_value, "openblasThreads": b_threads, "openblasRepeats": b_repeats,
            "ratio": j_value / b_value if j_value is not None and b_value else None,
        })
    return rows, varying, sorted(unsized)


def use_avx(jvm_args):
    """N of the last -XX:UseAVX=N among the JVM arguments, or None."""
    found = None
    for arg in jvm_args:
        for m in re.finditer(r"-XX:UseAVX=(\d+)", arg):
            found = int(m.group(1))
    return found


def fmt(value, digits=1):
    return "-" if value is None else f"{value:,.{digits}f}"


def with_threads(value, threads):
    return "-" if value is None else f"{fmt(value)} ({threads})"


def describe(values, empty="unknown"):
    values = sorted({"unset" if v is None else str(v) for v in values})
    return ", ".join(values) if values else empty


def render(rows, varying, meta):
    """The Markdown report: meta holds command, date, cpu, cores, commit, jdk, jvmArgs, constant params, JMH
    settings, repeats, OpenBLAS cores/configs/coretypes and the shapes left without dimensions."""
    avx = use_avx(meta.get("jvmArgs", []))
    if avx is None:
        width = "the JVM's default for this CPU (no -XX:UseAVX in the forks' jvmArgs)"
    else:
        width = f"-XX:UseAVX={avx} in the forks' jvmArgs: {VECTOR_WIDTH.get(avx, 'an unknown UseAVX level')}"
    constant = ", ".join(f"{k}={v}" for k, v in meta.get("constantParams", {}).items()) or "none"
    lines = [
        "# GEMM: JVM backend vs OpenBLAS SGEMM, per matrix product of a training step",
        "",
        f"- command: `{meta.get('command', 'unknown')}`",
        f"- date: {meta.get('date', 'unknown')}",
        f"- machine: {meta.get('cpu', 'unknown')}, {meta.get('cores', '?')} cores; commit {meta.get('commit', 'unknown')}",
        f"- JVM: {meta.get('jdk', 'unknown')}; vector width: {width}",
        f"- JMH: {meta.get('jmhSettings', 'unknown')}; other GemmBench params: {constant}",
        f"- OpenBLAS: core {describe(meta.get('openblasCores', []))}; config {describe(meta.get('openblasConfigs', []))}; "
        f"OPENBLAS_CORETYPE {describe(meta.get('openblasCoretypes', []), 'not recorded')}",
        f"- repeats: {meta.get('jmhRepeats', 0)} JMH run(s) and {meta.get('blasRepeats', 0)} sgemm_bench run(s), "
        "alternating; each figure is the median over the repeats",
        "- GFLOP/s = 2 M N K P / time for one op (the product for all P members). JVM: GemmBench at its best thread",
        "  count (in brackets); OpenBLAS: P separate cblas_sgemm calls, best over its thread counts (in brackets).",
        "  ratio = JVM / OpenBLAS; \"-\": not measured on that side.",
    ]
    if meta.get("unsized"):
        lines.append(f"- no M, N, K known for {', '.join(meta['unsized'])} (not in the shapes file nor the OpenBLAS "
                     "lines): their JVM GFLOP/s are left out")
    header = ["shape", "M x N x K", "P"] + list(varying) + ["JVM GFLOP/s (threads)", "OpenBLAS GFLOP/s (threads)",
                                                            "JVM / OpenBLAS"]
    lines += ["", "| " + " | ".join(header) + " |",
              "|" + "---|" * 3 + "---|" * len(varying) + "---:|---:|---:|"]
    for r in rows:
        size = "-" if r["M"] is None else f"{r['M']} x {r['N']} x {r['K']}"
        cells = [r["shape"], size, str(r["population"])] + [r["params"].get(k, "") for k in varying]
        cells += [with_threads(r["jvmGflops"], r["jvmThreads"]),
                  with_threads(r["openblasGflops"], r["openblasThreads"]), fmt(r["ratio"], 2)]
        lines.append("| " + " | ".join(cells) + " |")
    compared = [r for r in rows if r["ratio"] is not None]
    lines.append("")
    if compared:
        low = min(compared, key=lambda r: r["ratio"])
        extra = "".join(f", {k}={v}" for k, v in low["params"].items())
        lines.append(f"Minimum ratio JVM / OpenBLAS: **{low['ratio']:.2f}** ({low['shape']}, P={low['population']}"
                     f"{extra}; {len(compared)} of {len(rows)} rows measured on both sides).")
    else:
        lines.append("Minimum ratio JVM / OpenBLAS: - (no row measured on both sides).")
    return "\n".join(lines) + "\n"


def jmh_settings(settings):
    if not settings:
        return "unknown"
    return (f"{settings.get('forks')} fork(s), {settings.get('warmupIterations')} x {settings.get('warmupTime')} "
            f"warm-up, {settings.get('measurementIterations')} x {settings.get('measurementTime')} measured")


def json_path(out_md):
    return out_md[:-3] + ".json" if out_md.endswith(".md") else out_md + ".json"


def main(argv):
    if len(argv) not in (5, 6):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    jmh_arg, blas_arg, shapes_path, out_md = argv[1:5]
    command = argv[5] if len(argv) == 6 else "bench/gemm_report.py " + " ".join(argv[1:5])
    try:
        shapes = load_shapes(shapes_path)
        jmh_files = [load_jmh(p) for p in split_paths(jmh_arg)]
        blas_files = [load_blas(p) for p in split_paths(blas_arg)]
    except (OSError, InputError) as e:
        print(f"gemm_report.py: {e}", file=sys.stderr)
        return 2
    rows, varying, unsized = build_rows(shapes, jmh_files, blas_files)
    runs = [run for runs in jmh_files for run in runs]
    blas_lines = [rec for lines in blas_files for rec in lines]
    meta = {
        "command": command,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "cpu": cpu_model(), "cores": os.cpu_count(), "commit": commit(),
        "jdk": describe([r["jdk"] for r in runs]),
        "jvmArgs": runs[0]["jvmArgs"] if runs else [],
        "constantParams": varying_params(jmh_files)[1],
        "jmhSettings": jmh_settings(runs[0]["settings"] if runs else None),
        "jmhRepeats": len(jmh_files), "blasRepeats": len(blas_files),
        "openblasCores": [r.get("core") for r in blas_lines],
        "openblasConfigs": [r.get("config") for r in blas_lines],
        "openblasCoretypes": [r.get("coretype") for r in blas_lines if "coretype" in r],
        "unsized": unsized,
    }
    if len({tuple(r["jvmArgs"]) for r in runs}) > 1:
        print("gemm_report.py: the JMH runs differ in jvmArgs; the header names the first run's", file=sys.stderr)
    summary = {k: v for k, v in meta.items() if k not in ("openblasCores", "openblasConfigs", "openblasCoretypes")}
    summary["openblas"] = {"cores": sorted({str(v) for v in meta["openblasCores"]}),
                           "configs": sorted({str(v) for v in meta["openblasConfigs"]}),
                           "coretypes": sorted({str(v) for v in meta["openblasCoretypes"]})}
    summary["useAVX"] = use_avx(meta["jvmArgs"])
    summary["rows"] = rows
    try:
        os.makedirs(os.path.dirname(os.path.abspath(out_md)), exist_ok=True)
        with open(out_md, "w") as f:
            f.write(render(rows, varying, meta))
        with open(json_path(out_md), "w") as f:
            json.dump(summary, f, indent=1)
            f.write("\n")
    except OSError as e:
        print(f"gemm_report.py: cannot write the report: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
