#!/usr/bin/env python3
"""Runs the experiments behind EXPERIMENTS.md and regenerates it (standard library only).

A profile (scripts/experiments/<profile>.json) says what runs:
  E1  evolutions per kind and run seed on one setup; the baselines tuned once per kind at that compute; every
      winner and tuned baseline retrained on fresh paired test seeds (`transfer` on the evolution's own setup);
  E2  each kind's best winner (by validation fitness) and every tuned baseline, unchanged, on other targets, with
      baselines re-tuned on each target as the reference a practitioner would reach;
  E3  plots of the winners' per-layer parameters beside the baselines', and measures of how they vary over
      layers and over time;
  E3b hypotheses, when the profile lists them: one evolution per kind with changed settings, measured like E1
      (or, for transfer hypotheses, like E2);
  E4  the wall time of every stage.
Raw outputs (run directories, checkpoints, traces) go to runs/experiments/<profile>/ (not committed); the
result files the write-up is built from are copied to docs/experiments/<profile>/ (committed), and
scripts/experiments_md.py regenerates EXPERIMENTS.md from them. Every stage is skipped when its output exists,
and an interrupted evolution or baseline search is resumed, so running the script again after a stop continues.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEUROMOD = ROOT / "bin" / "neuromod"


class Timings:
    """Wall seconds per stage, summed over invocations, kept in the raw directory."""

    def __init__(self, path):
        self.path = path
        self.data = json.loads(path.read_text()) if path.exists() else {"stages": {}, "invocations": 0}

    def add(self, stage, seconds):
        self.data["stages"][stage] = self.data["stages"].get(stage, 0.0) + seconds
        self.save()

    def save(self):
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, indent=2) + "\n")
        tmp.replace(self.path)


def neuromod(args, log, stdout=None):
    """Runs bin/neuromod with args; its stderr goes to log; stdout to a file or log. Raises on failure."""
    cmd = [str(NEUROMOD)] + [str(a) for a in args]
    with open(log, "a") as err:
        err.write("$ " + " ".join(cmd) + "\n")
        err.flush()
        out = open(stdout, "w") if stdout else err
        try:
            code = subprocess.call(cmd, stdout=out, stderr=err, cwd=ROOT)
        finally:
            if stdout:
                out.close()
    if code != 0:
        sys.exit(f"experiments: {' '.join(cmd)} exited {code}; see {log} (run the script again to continue)")


def merged(*lists):
    """Flag lists joined, a later list's --option replacing an earlier list's (every option here takes one value;
    an option repeated within one list, such as --setup, keeps all its values)."""
    values = {}
    for flags in lists:
        mine = {}
        for i in range(0, len(flags), 2):
            mine.setdefault(flags[i], []).append(flags[i + 1])
        values.update(mine)
    return [x for k, vs in values.items() for v in vs for x in (k, v)]


def finished_run(d):
    """An evolution run that finished writes its winner's replay trace last."""
    return (d / "replay" / "trace.csv").exists()


def evolve(d, kind, seed, flags, log):
    if finished_run(d):
        return
    if (d / "config.yaml").exists():
        neuromod(["evolve", "--resume", d], log)
    else:
        if d.exists():
            shutil.rmtree(d)  # started but never wrote its settings: nothing to resume
        neuromod(["evolve", "--kind", kind, "--seed", seed, "--out", d] + flags, log)


def baseline(d, run, log):
    if (d / "baselines.json").exists():
        return
    if (d / "search.json").exists():
        neuromod(["baseline", "--resume", d], log)
    else:
        if d.exists():
            shutil.rmtree(d)
        neuromod(["baseline", "--run", run, "--out", d], log)


def transfer(d, args, log):
    if (d / "summary.json").exists():
        return
    if d.exists():
        shutil.rmtree(d)  # transfer is not resumable: run it again whole
    d.parent.mkdir(parents=True, exist_ok=True)
    neuromod(["transfer"] + args + ["--out", d], log, stdout=d.parent / (d.name + ".jsonl"))


def scored_fitness(best):
    return json.loads(best.read_text())["scoredWith"]["fitness"]


def evolution_summary(d):
    """What an evolution run cost and reached, from its own files."""
    seconds = backend = 0.0
    trainings = generations = 0
    for line in (d / "log.jsonl").read_text().splitlines():
        n = json.loads(line)
        if n["type"] == "generation":
            generations += 1
            seconds += n["seconds"]
            backend += n["backendSeconds"]
        else:
            trainings += 1
    best = json.loads((d / "best.json").read_text())["scoredWith"]
    return {"generations": generations, "networkTrainings": trainings, "seconds": seconds,
            "backendSeconds": backend, "bestFitness": best["fitness"],
            "bestValidationAccuracy": best["validationAccuracy"], "bestGeneration": best["generation"]}


def baselines_summary(d):
    """baselines.json without its trials, plus the search's wall time."""
    root = json.loads((d / "baselines.json").read_text())
    seconds = sum(json.loads(l)["seconds"] for l in (d / "log.jsonl").read_text().splitlines() if l.strip())
    return {"best": root["best"], "evolution": root["evolution"], "setup": root["setup"], "seconds": seconds,
            "baselines": [{k: b[k] for k in ("name", "rule", "description", "best", "compute")}
                          for b in root["baselines"]]}


def traces_of(trace):
    """member 0's applied learning parameters by layer and step, from a trace CSV."""
    import csv
    values = {}
    with open(trace) as f:
        for row in csv.DictReader(f):
            if row["row"] != "step" or row["member"] != "0":
                continue
            for name in row:
                if name.endswith("Applied"):
                    values.setdefault(name[:-7], {}).setdefault(int(row["layer"]), []).append(float(row[name]))
    return values


def variation(trace):
    """Per parameter: how far apart the layers are and how much each moves over time, on the scale the
    parameter is searched on (log10 for the learning rate, linear for the others).
      layerSpread: the mean over traced steps of (max - min over layers);
      timeSpread: the mean over layers of (max - min over traced steps)."""
    import math
    out = {}
    for name, layers in traces_of(trace).items():
        scale = (lambda v: math.log10(v)) if name == "learningRate" else (lambda v: v)
        series = [[scale(v) for v in layers[l]] for l in sorted(layers)]
        steps = min(len(s) for s in series)
        layer = sum(max(s[t] for s in series) - min(s[t] for s in series) for t in range(steps)) / steps
        time_ = sum(max(s) - min(s) for s in series) / len(series)
        out[name] = {"layerSpread": layer, "timeSpread": time_, "scale": "log10" if name == "learningRate" else "linear"}
    return out


def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count()}


def git(*args):
    return subprocess.run(["git"] + list(args), cwd=ROOT, capture_output=True, text=True).stdout.strip()


def copy(src, dst):
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="the smoke profile (about 15 minutes here)")
    p.add_argument("--profile", help="a profile file (default: scripts/experiments/full.json, or quick.json)")
    p.add_argument("--no-markdown", action="store_true", help="do not regenerate EXPERIMENTS.md")
    args = p.parse_args()
    config_file = Path(args.profile) if args.profile else ROOT / "scripts" / "experiments" / (
        "quick.json" if args.quick else "full.json")
    config = json.loads(config_file.read_text())
    name = config["profile"]
    raw = ROOT / "runs" / "experiments" / name
    out = ROOT / "docs" / "experiments" / name
    raw.mkdir(parents=True, exist_ok=True)
    log = raw / "commands.log"
    timings = Timings(raw / "timings.json")
    timings.data["invocations"] += 1
    timings.data.setdefault("commits", []).append(git("rev-parse", "--short=10", "HEAD"))
    timings.save()
    print(f"experiments: profile {name}; commands and their output in {log}", file=sys.stderr)

    def stage(label, fn):
        start = time.time()
        print(f"experiments: {label} ...", file=sys.stderr, flush=True)
        try:
            fn()
        finally:
            timings.add(label, time.time() - start)

    kinds = config["kinds"]
    setup = config["setup"]
    runs = {k: [raw / "e1" / f"{k}-{s}" for s in config["runSeeds"]] for k in kinds}

    def e1_evolve():
        for k in kinds:
            for s, d in zip(config["runSeeds"], runs[k]):
                evolve(d, k, s, merged(setup, config["evolve"]), log)

    def e1_baselines():
        for k in kinds:
            baseline(raw / "e1" / f"baselines-{k}", runs[k][0], log)

    def e1_test():
        for k in kinds:
            genomes = [x for d in runs[k] for x in ("--genome", d / "best.json")]
            transfer(raw / "e1" / f"test-{k}", genomes + ["--baselines", raw / "e1" / f"baselines-{k}", "--seeds",
                                                           config["testSeeds"]] + setup, log)

    def best_winner(k):
        return min(runs[k], key=lambda d: (scored_fitness(d / "best.json"), str(d))) / "best.json"

    def e2():
        for t in config["targets"]:
            genomes = [x for k in kinds for x in ("--genome", best_winner(k))]
            transfer(raw / "e2" / t["name"], genomes + ["--baselines", raw / "e1" / f"baselines-{kinds[0]}",
                                                         "--retune", config["retune"], "--seeds",
                                                         config["targetSeeds"]] + t["flags"], log)

    def e3():
        for k in kinds:
            for d in runs[k]:
                neuromod(["report", d, "--baselines", raw / "e1" / f"baselines-{k}", "--out",
                          out / "plots" / d.name], log, stdout=raw / "report.out")
            neuromod(["report", raw / "e1" / f"test-{k}", "--out", out / "plots" / f"test-{k}"], log,
                     stdout=raw / "report.out")
        neuromod(["report"] + [raw / "e2" / t["name"] for t in config["targets"]] + ["--out", out / "plots" / "e2"],
                 log, stdout=raw / "report.out")

    def arm_genomes(h, arm):
        """The winners of one arm of a hypothesis, per kind: "e1" is each kind's best E1 winner."""
        if arm == "e1":
            return [(k, best_winner(k)) for k in kinds]
        a = next(x for x in h["arms"] if x["name"] == arm)
        return [(k, raw / "e3b" / h["name"] / f"{arm}-{k}-{h['seed']}" / "best.json") for k in h.get("kinds", kinds)]

    def e3b():
        for h in config.get("hypotheses", []):
            hdir = raw / "e3b" / h["name"]
            if "arms" in h:
                # arms: evolutions with other settings (replaceSetup: its own --setup flags instead of the
                # profile's), compared on targets none of the compared arms trained on
                for a in h["arms"]:
                    for k in h.get("kinds", kinds):
                        flags = merged([] if a.get("replaceSetup") else setup, config["evolve"], a["evolve"])
                        if a.get("replaceSetup"):
                            flags += [x for x in setup if x in ("--backend", "jvm")]
                        evolve(hdir / f"{a['name']}-{k}-{h['seed']}", k, h["seed"], flags, log)
                for t in h["targets"]:
                    genomes = [x for arm in t["arms"] for _, g in arm_genomes(h, arm) for x in ("--genome", g)]
                    transfer(hdir / f"target-{t['name']}", genomes + ["--baselines", raw / "e1" / f"baselines-{kinds[0]}",
                                                                      "--seeds", config["targetSeeds"]] + t["flags"], log)
                continue
            genomes = []
            for k in h.get("kinds", kinds):
                d = hdir / f"{k}-{h['seed']}"
                evolve(d, k, h["seed"], merged(setup, config["evolve"], h["evolve"]), log)
                genomes.append((k, d / "best.json"))
            for k, g in genomes:
                transfer(hdir / f"test-{k}", ["--genome", g] + [x for d in runs[k] for x in ("--genome", d / "best.json")]
                         + ["--baselines", raw / "e1" / f"baselines-{k}", "--seeds", config["testSeeds"]] + setup, log)

    stage("e1-evolve", e1_evolve)
    stage("e1-baselines", e1_baselines)
    stage("e1-test", e1_test)
    stage("e2-transfer", e2)
    stage("e3-plots", e3)
    if config.get("hypotheses"):
        stage("e3b", e3b)

    # the committed result files
    if out.exists():
        for sub in ("e1", "e2", "e3", "e3b"):
            shutil.rmtree(out / sub, ignore_errors=True)
    evolutions = {}
    for k in kinds:
        for d in runs[k]:
            evolutions[d.name] = evolution_summary(d)
            copy(d / "best.json", out / "e1" / f"{d.name}.json")
            neuromod(["modulator", "show", d / "best.json"], log, stdout=out / "e1" / f"{d.name}.txt")
        summary = baselines_summary(raw / "e1" / f"baselines-{k}")
        (out / "e1" / f"baselines-{k}.json").write_text(json.dumps(summary, indent=2) + "\n")
        for f in ("results.csv", "summary.json"):
            copy(raw / "e1" / f"test-{k}" / f, out / "e1" / f"test-{k}" / f)
    (out / "e1" / "evolutions.json").write_text(json.dumps(evolutions, indent=2) + "\n")
    for t in config["targets"]:
        for f in ("results.csv", "summary.json"):
            copy(raw / "e2" / t["name"] / f, out / "e2" / t["name"] / f)
    e3_data = {}
    for k in kinds:
        for d in runs[k]:
            e3_data[d.name] = variation(d / "replay" / "trace.csv")
        for b in json.loads((raw / "e1" / f"baselines-{k}" / "baselines.json").read_text())["baselines"]:
            e3_data[f"baselines-{k}/{b['name']}"] = variation(raw / "e1" / f"baselines-{k}" / "traces" / f"{b['name']}.csv")
    (out / "e3").mkdir(parents=True, exist_ok=True)
    (out / "e3" / "variation.json").write_text(json.dumps(e3_data, indent=2) + "\n")
    for h in config.get("hypotheses", []):
        hdir = raw / "e3b" / h["name"]
        hout = out / "e3b" / h["name"]
        hout.mkdir(parents=True, exist_ok=True)
        if "arms" in h:
            for a in h["arms"]:
                for k in h.get("kinds", kinds):
                    d = hdir / f"{a['name']}-{k}-{h['seed']}"
                    copy(d / "best.json", hout / f"{d.name}.json")
                    (hout / f"{d.name}-evolution.json").write_text(json.dumps(evolution_summary(d), indent=2) + "\n")
            for t in h["targets"]:
                for f in ("results.csv", "summary.json"):
                    copy(hdir / f"target-{t['name']}" / f, hout / f"target-{t['name']}" / f)
            continue
        for k in h.get("kinds", kinds):
            d = hdir / f"{k}-{h['seed']}"
            copy(d / "best.json", hout / f"{k}-{h['seed']}.json")
            (hout / f"{k}-{h['seed']}-evolution.json").write_text(json.dumps(evolution_summary(d), indent=2) + "\n")
            for f in ("results.csv", "summary.json"):
                copy(hdir / f"test-{k}" / f, hout / f"test-{k}" / f)
    provenance = json.loads((runs[kinds[0]][0] / "provenance.json").read_text())[0]
    profile = {"profile": name, "config": config, "commit": git("rev-parse", "--short=10", "HEAD"),
               "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
               "machine": dict(machine(), device=provenance["device"], jdk=provenance["jdk"],
                               backend=provenance["backend"]),
               "minutes": {s: v / 60 for s, v in timings.data["stages"].items()},
               "invocations": timings.data["invocations"], "commits": timings.data["commits"],
               "commands": {"run": "scripts/experiments.sh" + (" --quick" if name == "quick" else "")}}
    (out / "profile.json").write_text(json.dumps(profile, indent=2) + "\n")
    print(f"experiments: results in {out}", file=sys.stderr)
    if not args.no_markdown:
        subprocess.check_call([sys.executable, str(ROOT / "scripts" / "experiments_md.py")], cwd=ROOT)


if __name__ == "__main__":
    main()
