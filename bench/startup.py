#!/usr/bin/env python3
"""Start-up before/after: the wall time of a one-epoch `bin/neuromod train` (P = 1, the way most people first try
the tool), from the launcher's start to the process's end, for two commits alternately in one run.

Each commit runs from its own git worktree through its own launcher: JDK check, jar check, JVM flags, data loading,
preparation, the epoch and the test evaluation, everything a user waits for. Prints each side's median and the
per-repeat ratios head/base; --avx2 runs the JVMs with -XX:UseAVX=2 (256-bit vectors). Normally started through
bench/startup.sh. Reports go to bench/reports/startup-<UTC time>.md. Standard library only.
"""
import argparse, datetime, json, os, platform, shlex, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def git(*args):
    return subprocess.run(["git", "-C", ROOT] + list(args), check=True, capture_output=True, text=True).stdout.strip()


def timed(checkout, train, env):
    """One run of the checkout's launcher; its wall seconds and its JSON line. stdout is a pipe, so the launcher
    replaces itself with the JVM and no terminal filter runs."""
    t0 = time.time()
    p = subprocess.run([os.path.join(checkout, "bin", "neuromod"), "train", "--json"] + train, cwd=checkout, env=env,
                       capture_output=True, text=True)
    wall = time.time() - t0
    if p.returncode != 0:
        sys.exit(f"bench/startup.sh: {checkout} failed: {p.stderr[-800:]}")
    return wall, json.loads(p.stdout.strip().splitlines()[-1])


def markdown(command, cpu, cores, opts, device, sha, walls, starts):
    fmt = lambda xs: ", ".join("-" if x is None else f"{x:.2f}" for x in xs)
    ratios = [h / b for h, b in zip(walls["head"], walls["base"])]
    lines = [f"# Start-up: {sha['head']} vs {sha['base']}", "",
             f"`{command}` on {cpu}, {cores} cores; JVM options `{opts or '-'}`; backend {device}. Wall seconds of "
             "the whole command, from the launcher's start to the process's end; ratio = head / base per repeat "
             "(alternating), lower is better.", "",
             "| side | commit | wall s (median) | wall s, each repeat | secondsFromStart, each repeat |",
             "|---|---|---:|---|---|"]
    for side in ("base", "head"):
        lines.append(f"| {side} | {sha[side]} | {statistics.median(walls[side]):.2f} | {fmt(walls[side])} | "
                     f"{fmt(starts[side])} |")
    lines += ["", f"Ratios head/base: {fmt(ratios)}; median {statistics.median(ratios):.3f}; ratio of medians "
                  f"{statistics.median(walls['head']) / statistics.median(walls['base']):.3f}."]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("base", help="the commit before")
    ap.add_argument("head", nargs="?", default="HEAD", help="the commit after (default: HEAD)")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--avx2", action="store_true", help="JVMs with -XX:UseAVX=2 (256-bit vectors)")
    ap.epilog = "Arguments after -- go to train (default: --epochs 1)."
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    a = ap.parse_args(argv[:cut])
    train = argv[cut + 1:] or ["--epochs", "1"]
    opts = (os.environ.get("NEUROMOD_JAVA_OPTS", "") + (" -XX:UseAVX=2" if a.avx2 else "")).strip()
    env = dict(os.environ, NEUROMOD_JAVA_OPTS=opts)
    work = tempfile.mkdtemp()
    sha = {side: git("rev-parse", "--short=10", rev) for side, rev in (("base", a.base), ("head", a.head))}
    try:
        for side in ("base", "head"):
            print(f"bench/startup.sh: building {side} = {sha[side]}", file=sys.stderr)
            git("worktree", "add", "--detach", os.path.join(work, side), sha[side])
            timed(os.path.join(work, side), ["--limit", "640"], env)  # builds the jar (fetches MNIST); not timed
        walls, starts, device = {"base": [], "head": []}, {"base": [], "head": []}, None
        for r in range(1, a.repeats + 1):
            for side in ("base", "head"):  # alternate, so drifts of this shared machine hit both alike
                wall, result = timed(os.path.join(work, side), train, env)
                device = result.get("device", device)
                walls[side].append(wall)
                starts[side].append(result.get("secondsFromStart"))
                print(f"bench/startup.sh: repeat {r}, {side}: {wall:.2f} s", file=sys.stderr)
    finally:
        for side in ("base", "head"):
            subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", os.path.join(work, side)],
                           capture_output=True)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")),
               platform.machine())
    command = "bench/startup.sh " + shlex.join(sys.argv[1:])
    text = markdown(command, cpu, os.cpu_count(), opts, device, sha, walls, starts)
    out = os.path.join(ROOT, "bench", "reports")
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "startup-" + datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ") + ".md")
    with open(path, "w") as f:
        f.write(text)
    print(text)
    print(f"bench/startup.sh: report in {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
