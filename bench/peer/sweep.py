#!/usr/bin/python3
"""Searches PyTorch's best CPU configuration on this machine: runs torch_mlp.py under candidate env/flag
configurations, ROUND-ROBIN (config A, B, C, A, B, C, ...) so slow drifts of the shared 2-core host spread over
all configs, and prints a markdown table (median / min / max samples/s, median accuracy) per config.

  /usr/bin/python3 bench/peer/sweep.py --group threads --population 1 --epochs 10 --repeats 3
Groups: final (preset vs best), threads (torch/OpenBLAS/OpenMP thread counts), blasthreads (OpenBLAS 1 vs 2), omp (torch 2 threads with
passive OpenMP waiting), coretype (OPENBLAS_CORETYPE), impl (population layout, SGD foreach), misc (ATen AVX-512
kernels, the OPENBLAS_L2_SIZE preset, foreach).  --base-env applies to every config of a group, e.g.
--base-env OPENBLAS_CORETYPE=SkylakeX.  Results and conclusions: README.md.
"""
import argparse, json, os, statistics, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
UNSET = None  # env value meaning "remove this variable"

GROUPS = {
    # (name, env changes, extra torch_mlp.py args)
    "threads": [
        ("torch1 blas-default(2)", {}, ["--threads", "1"]),
        ("torch2 blas-default(2)", {}, ["--threads", "2"]),
        ("torch1 OPENBLAS_NUM_THREADS=1", {"OPENBLAS_NUM_THREADS": "1"}, ["--threads", "1"]),
        ("torch2 OPENBLAS_NUM_THREADS=1", {"OPENBLAS_NUM_THREADS": "1"}, ["--threads", "2"]),
        ("torch1 OPENBLAS_NUM_THREADS=2", {"OPENBLAS_NUM_THREADS": "2"}, ["--threads", "1"]),
        ("OMP_NUM_THREADS=1", {"OMP_NUM_THREADS": "1"}, []),
        ("OMP_NUM_THREADS=2", {"OMP_NUM_THREADS": "2"}, []),
    ],
    "final": [  # the environment's preset vs the best / the steadiest configuration found
        ("preset (CORETYPE=Haswell, torch default threads)", {}, []),
        ("best: SkylakeX, OPENBLAS_NUM_THREADS=2, torch 1", {"OPENBLAS_CORETYPE": "SkylakeX",
                                                            "OPENBLAS_NUM_THREADS": "2"}, ["--threads", "1"]),
        ("steady: SkylakeX, OPENBLAS_NUM_THREADS=1, torch 1", {"OPENBLAS_CORETYPE": "SkylakeX",
                                                              "OPENBLAS_NUM_THREADS": "1"}, ["--threads", "1"]),
    ],
    "blasthreads": [
        ("torch1 OPENBLAS_NUM_THREADS=1", {"OPENBLAS_NUM_THREADS": "1"}, ["--threads", "1"]),
        ("torch1 OPENBLAS_NUM_THREADS=2", {"OPENBLAS_NUM_THREADS": "2"}, ["--threads", "1"]),
    ],
    "omp": [  # does torch's own OpenMP pool help once its idle threads stop spinning?
        ("torch1 OPENBLAS_NUM_THREADS=2", {"OPENBLAS_NUM_THREADS": "2"}, ["--threads", "1"]),
        ("torch2 blas2 OMP_WAIT_POLICY=PASSIVE", {"OPENBLAS_NUM_THREADS": "2", "OMP_WAIT_POLICY": "PASSIVE"},
         ["--threads", "2"]),
        ("torch2 blas1 OMP_WAIT_POLICY=PASSIVE", {"OPENBLAS_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE"},
         ["--threads", "2"]),
    ],
    "coretype": [
        ("CORETYPE=Haswell", {"OPENBLAS_CORETYPE": "Haswell"}, []),
        ("CORETYPE=SkylakeX", {"OPENBLAS_CORETYPE": "SkylakeX"}, []),
        ("CORETYPE=Zen", {"OPENBLAS_CORETYPE": "Zen"}, []),
        ("CORETYPE unset (autodetect)", {"OPENBLAS_CORETYPE": UNSET}, []),
    ],
    "misc": [
        ("as is", {}, []),
        ("ATEN_CPU_CAPABILITY=avx512", {"ATEN_CPU_CAPABILITY": "avx512"}, []),
        ("OPENBLAS_L2_SIZE unset", {"OPENBLAS_L2_SIZE": UNSET}, []),
        ("SGD foreach", {}, ["--foreach"]),
    ],
    "impl": [
        ("wide", {}, ["--impl", "wide"]),
        ("wide foreach", {}, ["--impl", "wide", "--foreach"]),
        ("bmm", {}, ["--impl", "bmm"]),
        ("bmm foreach", {}, ["--impl", "bmm", "--foreach"]),
    ],
}


def run(env_changes, args):
    env = dict(os.environ)
    for k, v in env_changes.items():
        if v is UNSET:
            env.pop(k, None)
        else:
            env[k] = v
    p = subprocess.run([sys.executable, os.path.join(HERE, "torch_mlp.py"), "--json"] + args, env=env,
                       capture_output=True, text=True)
    if p.returncode != 0:
        return {"error": f"rc {p.returncode}: {p.stderr.strip()[-300:]}"}
    return json.loads(p.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--group", required=True, choices=sorted(GROUPS))
    ap.add_argument("--population", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--data-dir", default="/tmp/mn/package/data")
    ap.add_argument("--base-env", action="append", default=[], help="KEY=VALUE applied to every config")
    ap.add_argument("--base-args", default="", help="extra torch_mlp.py args for every config")
    a = ap.parse_args()
    base_env = dict(kv.split("=", 1) for kv in a.base_env)
    base = ["--data-dir", a.data_dir, "--hidden", "128", "--batch", "64", "--lr", "0.05", "--momentum", "0.9",
            "--seed", "1", "--population", str(a.population), "--epochs", str(a.epochs)] + a.base_args.split()
    configs = GROUPS[a.group]
    results = {name: [] for name, _, _ in configs}
    for r in range(a.repeats):
        for name, env, args in configs:
            res = run({**base_env, **env}, base + args)
            results[name].append(res)
            print(f"rep {r + 1} {name}: " + (res["error"] if "error" in res else
                  f"{res['samplesPerSecond']:.0f} samples/s, core {res['blas'].get('openblasCore')}, "
                  f"torch threads {res['threads']}, blas threads {res['blas'].get('openblasThreads')}"),
                  file=sys.stderr, flush=True)
    print(f"\nP={a.population}, epochs={a.epochs}, base env {base_env or '-'}, base args '{a.base_args}'\n")
    print("| config | median samples/s | min | max | runs (samples/s) | median acc | core / torch thr / blas thr |")
    print("|---|---|---|---|---|---|---|")
    for name, _, _ in configs:
        ok = [x for x in results[name] if "error" not in x]
        if not ok:
            print(f"| {name} | FAILED: {results[name][0]['error']} | | | | | |")
            continue
        sps = [x["samplesPerSecond"] for x in ok]
        acc = statistics.median(v for x in ok for v in x["testAccuracy"])
        x = ok[0]
        print(f"| {name} | {statistics.median(sps):,.0f} | {min(sps):,.0f} | {max(sps):,.0f} | "
              f"{', '.join(f'{s:,.0f}' for s in sps)} | {acc:.4f} | {x['blas'].get('openblasCore')} / "
              f"{x['threads']} / {x['blas'].get('openblasThreads')} |" + (" (some runs failed)" if len(ok) < len(sps) else ""))


if __name__ == "__main__":
    main()
