#!/usr/bin/python3
"""Side-by-side training-throughput comparison: `bin/neuromod train` (Java) vs bench/peer/torch_mlp.py (PyTorch).

For each population P: calibrates (1 epoch of Java, 1 epoch of each candidate PyTorch configuration; the fastest
PyTorch configuration is kept), sets epochs = ceil(min_seconds / fastest side's seconds-per-epoch) for BOTH sides
(or --epochs N on both, so that a side's speed does not choose how long both run), then runs the sides ALTERNATING (java, torch, java, torch, ...) `repeats` times, each as a fresh subprocess, and
reports the median of the per-repeat ratios java/torch samples/s, both sides' median samples/s and test accuracy
(median over members and repeats), and the seconds from each process's start to the end of its training (JVM or
interpreter start, data loading and preparation included) with their per-repeat ratio torch/java.  Writes peer-<UTC timestamp>.md and .json into --out.
Normally started through bench/peer.sh.  Standard library only (torch runs in the subprocesses).
"""
import argparse, datetime, json, math, os, platform, shlex, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))  # repo root: the Java launcher's paths are relative to it
UNSET = None

# OpenBLAS kernels this CPU can run, from its /proc/cpuinfo flags. Forcing a core type the CPU lacks ends in
# SIGILL, so a preset is named only when every instruction set it uses is present; otherwise OpenBLAS chooses.
SKYLAKEX_FLAGS = {"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma"}
HASWELL_FLAGS = {"avx2", "fma"}


def openblas_coretype(flags):
    """The fastest OpenBLAS sgemm preset the flags allow: SkylakeX (AVX-512), Haswell (AVX2+FMA), or None."""
    flags = set(flags)
    if SKYLAKEX_FLAGS <= flags:
        return "SkylakeX"
    if HASWELL_FLAGS <= flags:
        return "Haswell"
    return None


def cpu_flags():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("flags"):
                return line.split(":", 1)[1].split()
    except OSError:
        pass
    return []


def torch_configs(flags, cores, core=None):
    """PyTorch configurations (env changes, torch_mlp.py flags), all tried in calibration, the fastest kept: the
    CPU's OpenBLAS preset (or OpenBLAS's own choice), OpenBLAS threads 1 or all cores with torch intra-op threads
    1 (torch's OpenMP pool plus OpenBLAS's own threads oversubscribe small machines), and torch's threads with
    OpenBLAS single-threaded; the one-GEMM first layer (--impl wide) and the batched layout (--impl bmm)."""
    core = core or openblas_coretype(flags)
    name = core.lower() if core else "auto"
    configs = {}
    for blas, torch_threads in sorted({(cores, 1), (1, 1), (1, cores)}):
        for impl in ("wide", "bmm"):
            env = {"OPENBLAS_CORETYPE": core if core else UNSET, "OPENBLAS_NUM_THREADS": str(blas)}
            configs[f"{name}-blas{blas}-torch{torch_threads}-{impl}"] = (
                env, ["--threads", str(torch_threads), "--impl", impl])
    return configs


TORCH_CONFIGS = torch_configs(cpu_flags(), os.cpu_count() or 1)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run_side(cmd, env_changes=None):
    """Runs one training subprocess from the repo root; returns its last-stdout-line JSON plus bookkeeping."""
    env = dict(os.environ)
    for k, v in (env_changes or {}).items():
        if v is UNSET:
            env.pop(k, None)
        else:
            env[k] = v
    t0 = time.time()
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    rec = {"cmd": shlex.join(cmd), "env": env_changes or {}, "rc": p.returncode, "wallSeconds": time.time() - t0}
    lines = [l for l in p.stdout.splitlines() if l.strip()]
    try:
        if p.returncode != 0:
            raise ValueError(f"exit code {p.returncode}")
        rec["result"] = json.loads(lines[-1])
        float(rec["result"]["samplesPerSecond"]), rec["result"]["testAccuracy"]
    except (ValueError, IndexError, KeyError, TypeError) as e:
        rec["error"] = f"{e}; stderr tail: {p.stderr.strip()[-500:]}; stdout tail: {p.stdout.strip()[-300:]}"
        log(f"  FAILED: {rec['cmd']}\n  {rec['error']}")
    return rec


def sps(rec):
    return rec["result"]["samplesPerSecond"] if "result" in rec else None


def from_start(rec):
    return rec["result"].get("secondsFromStart") if "result" in rec else None


def ratio(a, b):
    return a / b if a and b else None


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def med_acc(recs):
    accs = [a for r in recs if "result" in r for a in r["result"]["testAccuracy"]]
    return statistics.median(accs) if accs else None


def machine():
    info = {"cores": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version()}
    try:
        cpu = open("/proc/cpuinfo").read().split("\n\n")[0]
        kv = dict(l.split(":", 1) for l in cpu.splitlines() if ":" in l)
        kv = {k.strip(): v.strip() for k, v in kv.items()}
        info.update(cpu=kv.get("model name"), family=kv.get("cpu family"), model=kv.get("model"),
                    avx512f="avx512f" in kv.get("flags", "").split())
    except OSError:
        pass
    try:
        info["javaVersion"] = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    except (OSError, IndexError):
        info["javaVersion"] = None
    info["env"] = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS_", "OMP_", "JAVA_", "JDK_"))}
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--populations", default="1,8,32")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--min-seconds", type=float, default=5.0)
    ap.add_argument("--epochs", type=int, default=None,
                    help="epochs of every measured run on both sides (default: derived from --min-seconds and the "
                         "faster side's calibration)")
    ap.add_argument("--data-dir", default=None,
                    help="MNIST IDX folder (default: neuromod's cache folder, filled by the Java side on first use)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "reports"))
    ap.add_argument("--java-cmd", default="bin/neuromod", help="Java launcher (shell words), run from the repo root")
    ap.add_argument("--torch-configs", default=None,
                    help=f"candidates tried in calibration, the fastest is used; from {', '.join(TORCH_CONFIGS)} "
                         "(default: all)")
    ap.add_argument("--openblas-core", default=None,
                    help="OPENBLAS_CORETYPE of every torch configuration instead of the CPU's best, e.g. Haswell "
                         "to compare against a JVM run with -XX:UseAVX=2")
    ap.add_argument("--hidden", default="128")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.openblas_core:
        TORCH_CONFIGS.clear()
        TORCH_CONFIGS.update(torch_configs(cpu_flags(), os.cpu_count() or 1, a.openblas_core))
    if a.torch_configs is None:
        a.torch_configs = ",".join(TORCH_CONFIGS)
    if a.data_dir is None:
        # neuromod's default data folder: <user cache dir>/neuromod/mnist, fetched by the launcher on first use
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        cache = xdg if os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".cache")
        a.data_dir = os.path.join(cache, "neuromod", "mnist")
        if not os.path.exists(os.path.join(a.data_dir, "t10k-labels-idx1-ubyte")):
            log(f"fetching MNIST into {a.data_dir} through the Java launcher")
            subprocess.run(shlex.split(a.java_cmd) + ["train", "--limit", "640"], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
    data_dir = os.path.abspath(a.data_dir)
    pops = [int(p) for p in a.populations.split(",")]
    cands = a.torch_configs.split(",")
    for c in cands:
        if c not in TORCH_CONFIGS:
            sys.exit(f"unknown torch config {c}; known: {', '.join(TORCH_CONFIGS)}")
    common = ["--data-dir", data_dir, "--hidden", a.hidden, "--batch", str(a.batch), "--lr", str(a.lr),
              "--momentum", str(a.momentum), "--seed", str(a.seed), "--json"]

    def java(P, E):
        return shlex.split(a.java_cmd) + ["train", "--data", "mnist", "--epochs", str(E), "--population", str(P)] + common

    def torch(P, E, cfg):
        return ([sys.executable, os.path.join(HERE, "torch_mlp.py"), "--epochs", str(E), "--population", str(P)]
                + common + TORCH_CONFIGS[cfg][1])

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    report = {"timestamp": stamp, "command": (os.environ.get("PEER_LAUNCHER") or shlex.join([sys.executable, sys.argv[0]]))
              + (" " + shlex.join(sys.argv[1:]) if sys.argv[1:] else ""),
              "machine": machine(), "settings": vars(a), "torchConfigs": {c: TORCH_CONFIGS[c] for c in cands},
              "populations": []}
    for P in pops:
        log(f"== P={P}: calibration (1 epoch each; the two fastest torch candidates twice)")
        calib_java = run_side(java(P, 1))
        calib_torch = {c: run_side(torch(P, 1, c), TORCH_CONFIGS[c][0]) for c in cands}
        if len(cands) > 1:  # a 1-epoch run is noisy: give the two fastest a second try, keep each one's faster run
            for c in sorted((c for c in cands if sps(calib_torch[c])), key=lambda c: -sps(calib_torch[c]))[:2]:
                again = run_side(torch(P, 1, c), TORCH_CONFIGS[c][0])
                if sps(again) and (not sps(calib_torch[c]) or sps(again) > sps(calib_torch[c])):
                    calib_torch[c] = again
        for name, rec in [("java", calib_java)] + [(f"torch {c}", r) for c, r in calib_torch.items()]:
            log(f"  {name}: " + (f"{sps(rec):,.0f} samples/s, {rec['result']['trainSeconds']:.2f}s" if sps(rec) else "failed"))
        ok = {c: r for c, r in calib_torch.items() if sps(r)}
        if not sps(calib_java) or not ok:
            # Reported as failed; the other populations still run and the report still comes out.
            failed = "java" if not sps(calib_java) else "every torch configuration"
            log(f"  P={P}: calibration of {failed} failed; reported as FAILED, going on")
            report["populations"].append(failed_population(P, calib_java, calib_torch, f"calibration of {failed} failed"))
            continue
        best = max(ok, key=lambda c: sps(ok[c]))
        per_epoch = min(calib_java["result"]["trainSeconds"] / calib_java["result"].get("epochs", 1),
                        ok[best]["result"]["trainSeconds"])
        epochs = a.epochs or max(1, math.ceil(a.min_seconds / per_epoch))
        log(f"  torch config {best}; {epochs} epochs (" + ("--epochs" if a.epochs else
                                                         f"fastest side {per_epoch:.2f}s/epoch") + ")")
        runs = []
        for r in range(a.repeats):  # alternate sides so host-speed drifts hit both alike
            jr = run_side(java(P, epochs))
            tr = run_side(torch(P, epochs, best), TORCH_CONFIGS[best][0])
            rate_ratio = ratio(sps(jr), sps(tr))
            start_ratio = ratio(from_start(tr), from_start(jr))
            runs.append({"repeat": r + 1, "java": jr, "torch": tr, "ratio": rate_ratio, "fromStartRatio": start_ratio})
            log(f"  rep {r + 1}: java {sps(jr) or 0:,.0f}  torch {sps(tr) or 0:,.0f} samples/s"
                + (f"  ratio {rate_ratio:.3f}" if rate_ratio else "")
                + (f"; from start java {from_start(jr):.2f} s, torch {from_start(tr):.2f} s" if start_ratio else ""))
        report["populations"].append(population_entry(P, epochs, best, calib_java, calib_torch, runs))
    os.makedirs(a.out, exist_ok=True)
    base = os.path.join(a.out, f"peer-{stamp}")
    with open(base + ".json", "w") as f:
        json.dump(report, f, indent=1)
    with open(base + ".md", "w") as f:
        f.write(markdown(report))
    print(markdown(report))
    log(f"wrote {base}.md and {base}.json")
    if any(p.get("failed") for p in report["populations"]):
        sys.exit("some populations FAILED; see the report")


def population_entry(P, epochs, best, calib_java, calib_torch, runs):
    """A population's report entry from its alternating runs: medians of rates, ratios, seconds and accuracies."""
    return {
        "population": P, "epochs": epochs, "torchConfig": best,
        "calibration": {"java": calib_java, "torch": calib_torch}, "runs": runs,
        "medianRatio": median(x["ratio"] for x in runs),
        "javaMedianSamplesPerSecond": median(sps(x["java"]) for x in runs),
        "torchMedianSamplesPerSecond": median(sps(x["torch"]) for x in runs),
        "javaMedianSecondsFromStart": median(from_start(x["java"]) for x in runs),
        "torchMedianSecondsFromStart": median(from_start(x["torch"]) for x in runs),
        "medianFromStartRatio": median(x["fromStartRatio"] for x in runs),
        "javaMedianAccuracy": med_acc([x["java"] for x in runs]),
        "torchMedianAccuracy": med_acc([x["torch"] for x in runs]),
    }


def failed_population(P, calib_java, calib_torch, reason):
    """The report entry of a population whose calibration failed: no runs, no figures, the reason."""
    return {"population": P, "failed": reason, "epochs": None, "torchConfig": None,
            "calibration": {"java": calib_java, "torch": calib_torch}, "runs": [], "medianRatio": None,
            "javaMedianSecondsFromStart": None, "torchMedianSecondsFromStart": None, "medianFromStartRatio": None,
            "javaMedianSamplesPerSecond": None, "torchMedianSamplesPerSecond": None, "javaMedianAccuracy": None,
            "torchMedianAccuracy": None}


def fmt(x, spec=",.0f"):
    return "-" if x is None else format(x, spec)


def markdown(rep):
    m = rep["machine"]
    first = lambda side: next((r[side]["result"] for p in rep["populations"] for r in p["runs"]
                               if "result" in r[side]), {})
    j, t = first("java"), first("torch")
    b = t.get("blas", {})
    out = [f"# Peer comparison: neuromod (Java) vs PyTorch, {rep['timestamp']}", "",
           f"Command: `{rep['command']}`", "",
           f"- Machine: {m.get('cpu')} (family {m.get('family')}, model {m.get('model')}, AVX-512F: "
           f"{m.get('avx512f')}), {m['cores']} cores, Linux {m['kernel']}",
           f"- Environment: {m['env'] or '-'}",
           f"- Java: version {j.get('version')}, commit {j.get('commit')}, JDK {j.get('jdk') or m.get('javaVersion')}, "
           f"backend {j.get('backend')}, device {j.get('device')}, threads {j.get('threads')}",
           f"- PyTorch: {t.get('torch')} (Python {t.get('python')}), torch threads {t.get('threads')}, "
           f"ATen CPU capability {b.get('atenCpuCapability')}",
           f"- BLAS: {b.get('libblas')} ({' '.join(b.get('openblasConfig', '').split()[:2])}); "
           f"core and thread count per P in the summary",
           f"- Model: 784-{rep['settings']['hidden'].replace(',', '-')}-10, batch {rep['settings']['batch']}, "
           f"lr {rep['settings']['lr']}, momentum {rep['settings']['momentum']}, seed {rep['settings']['seed']}, "
           f"MNIST from {rep['settings']['data_dir']}",
           f"- PyTorch candidate configs (fastest in calibration is used): "
           + "; ".join(f"{c}: env {e}, flags {' '.join(f)}" for c, (e, f) in rep["torchConfigs"].items()), "",
           "## Summary", "",
           "| P | epochs | torch config (OpenBLAS core, threads) | Java samples/s (median) | PyTorch samples/s (median) | "
           "ratio Java/PyTorch (median of repeats) | Java s from start | PyTorch s from start | "
           "ratio PyTorch/Java s from start | Java acc | PyTorch acc |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for p in rep["populations"]:
        if p.get("failed"):
            out.append(f"| {p['population']} | - | FAILED: {p['failed']} | - | - | - | - | - | - | - | - |")
            continue
        tb = next((r["torch"]["result"]["blas"] for r in p["runs"] if "result" in r["torch"]), {})
        out.append(f"| {p['population']} | {p['epochs']} | {p['torchConfig']} ({tb.get('openblasCore')}, "
                   f"{tb.get('openblasThreads')}) | {fmt(p['javaMedianSamplesPerSecond'])} | "
                   f"{fmt(p['torchMedianSamplesPerSecond'])} | {fmt(p['medianRatio'], '.3f')} | "
                   f"{fmt(p.get('javaMedianSecondsFromStart'), '.2f')} | {fmt(p.get('torchMedianSecondsFromStart'), '.2f')} | "
                   f"{fmt(p.get('medianFromStartRatio'), '.3f')} | "
                   f"{fmt(p['javaMedianAccuracy'], '.4f')} | {fmt(p['torchMedianAccuracy'], '.4f')} |")
    for p in rep["populations"]:
        out += ["", f"## P={p['population']}", "", "Calibration (1 epoch; torch candidates: faster of 2 runs): java "
                + fmt(sps(p["calibration"]["java"])) + " samples/s; "
                + "; ".join(f"torch {c} {fmt(sps(r))}" for c, r in p["calibration"]["torch"].items()), "",
                "| repeat | side | samples/s | trainSeconds | s from start | median acc | command |",
                "|---|---|---|---|---|---|---|"]
        for r in p["runs"]:
            for side in ("java", "torch"):
                rec = r[side]
                res = rec.get("result", {})
                env = " ".join(f"{k}={'(unset)' if v is UNSET else v}" for k, v in rec["env"].items())
                out.append(f"| {r['repeat']} | {side} | {fmt(sps(rec)) if res else 'FAILED'} | "
                           f"{fmt(res.get('trainSeconds'), '.2f')} | {fmt(res.get('secondsFromStart'), '.2f')} | "
                           f"{fmt(med_acc([rec]), '.4f')} | "
                           f"`{(env + ' ') if env else ''}{rec['cmd']}` |")
            out.append(f"| {r['repeat']} | ratio | {fmt(r['ratio'], '.3f')} | | {fmt(r.get('fromStartRatio'), '.3f')} | | |")
    out += ["", "Noise: 2 shared vCPUs in a VM; single runs vary by up to ~2x. Compare medians, not single runs.", ""]
    return "\n".join(out)


if __name__ == "__main__":
    main()
