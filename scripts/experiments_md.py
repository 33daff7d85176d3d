#!/usr/bin/env python3
"""Regenerates EXPERIMENTS.md from the result files under docs/experiments/<profile>/ (standard library only).

Every number in the document comes from a result file: transfer outputs (results.csv per row and seed,
summary.json), evolution and baseline summaries, trace-derived variation measures, stage timings. A missing
result file is an error naming it (exit 1). The full section is built only from results whose recorded config
is the committed scripts/experiments/full.json; otherwise it is refused (exit 1). A profile that has not been run
at all gets a line saying so.
"""
import argparse
import csv
import json
import math
import sys
from pathlib import Path

T975 = [12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010, 2.1788, 2.1604,
        2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555,
        2.0518, 2.0484, 2.0452, 2.0423]


class Refused(Exception):
    """A result that cannot be used: the message names the file and why."""


def t975(df):
    if df < 1:
        return float("nan")
    if df <= len(T975):
        return T975[df - 1]
    z = 1.959963984540054
    return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df)


def interval(values):
    """mean, std, low, high (95%, Student's t) of values."""
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, float("nan"), float("nan"), float("nan")
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = t975(n - 1) * std / math.sqrt(n)
    return mean, std, mean - half, mean + half


def need(path):
    if not path.is_file():
        raise Refused(f"{path}: missing (run scripts/experiments.sh to produce it)")
    return path


def load_json(path):
    try:
        return json.loads(need(path).read_text())
    except json.JSONDecodeError as e:
        raise Refused(f"{path}: not valid JSON ({e})")


def results(path):
    """{row: {seed: accuracy}} and {row: kind} from a transfer's results.csv."""
    acc, kinds = {}, {}
    with open(need(path)) as f:
        for r in csv.DictReader(f):
            acc.setdefault(r["row"], {})[int(r["seed"])] = float(r["testAccuracy"])
            kinds[r["row"]] = r["kind"]
    if not acc:
        raise Refused(f"{path}: no rows")
    return acc, kinds


def paired(a, b):
    """The interval of the mean of a[s] - b[s] over the seeds both have."""
    seeds = sorted(set(a) & set(b))
    return interval([a[s] - b[s] for s in seeds])


def pct(x):
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.2f}"


def diff(iv):
    mean, _, low, high = iv
    if math.isnan(low):
        return f"{100 * mean:+.2f}"
    return f"{100 * mean:+.2f} [{100 * low:+.2f}, {100 * high:+.2f}]"


def verdict(iv):
    _, _, low, high = iv
    if math.isnan(low):
        return "one seed: no interval"
    if low > 0:
        return "better"
    if high < 0:
        return "worse"
    return "no difference resolved"


def label(row, kind):
    """A genome row by its kind and run directory (runs/.../e1/grn-1/best.json -> grn-1)."""
    if kind == "baseline":
        return row
    p = Path(row)
    return p.parent.name if p.name == "best.json" else p.stem


def arm_row(acc, rkinds, arm, kind):
    """The results row of an arm's winner of a kind ("e1": the E1 winner the row names by its run directory)."""
    for r in acc:
        if rkinds[r] != kind:
            continue
        parent = Path(r).parent.name
        if (arm == "e1" and "/e1/" in r) or parent.startswith(f"{arm}-{kind}-"):
            return r
    return None


def arms_section(d, h, kinds):
    """A hypothesis of several arms: each target's rows, and per kind the paired difference between the arms."""
    out = [f"**{h['name']}**: {h['label']} Run seed {h['seed']}. Arms:", ""]
    out.append("| arm | evolved on |")
    out.append("|---|---|")
    out.append("| e1 | the E1 setup (each kind's best E1 winner) |")
    for a in h["arms"]:
        out.append(f"| {a['name']} | {a['label']} (`{' '.join(a['evolve'])}`) |")
    out.append("")
    for t in h["targets"]:
        tdir = d / "e3b" / h["name"] / f"target-{t['name']}"
        acc, rkinds = results(tdir / "results.csv")
        ref = load_json(tdir / "summary.json")["reference"]
        first, second = t["arms"][0], t["arms"][1]
        out.append(f"Target {t['label']} (none of arms {first} and {second} trained on it), test accuracy (%) over "
                   "paired seeds:")
        out.append("")
        out.append(f"| kind | {first} | {second} | {second} minus {first} | | best baseline ({ref}) |")
        out.append("|---|---:|---:|---:|---|---:|")
        for k in kinds:
            a = arm_row(acc, rkinds, first, k)
            b = arm_row(acc, rkinds, second, k)
            if a is None or b is None:
                raise Refused(f"{tdir / 'results.csv'}: no row for arm {first if a is None else second}, kind {k}")
            iv = paired(acc[b], acc[a])
            out.append(f"| {k} | {pct(interval(list(acc[a].values()))[0])} | {pct(interval(list(acc[b].values()))[0])}"
                       f" | {diff(iv)} | {verdict(iv)} | {pct(interval(list(acc[ref].values()))[0])} |")
        out.append("")
    return out


def section(root, name, config_file):
    d = root / "docs" / "experiments" / name
    if not d.exists():
        return [f"The {name} profile has not been run yet: `scripts/experiments.sh{' --quick' if name == 'quick' else ''}`.", ""]
    profile = load_json(d / "profile.json")
    if config_file is not None:
        committed = json.loads(need(config_file).read_text())
        if profile.get("config") != committed:
            keys = sorted(k for k in set(committed) | set(profile.get("config", {}))
                          if committed.get(k) != profile.get("config", {}).get(k))
            raise Refused(f"{d / 'profile.json'}: its results were made with another config than {config_file} "
                          f"(differs in: {', '.join(keys)}); the {name} section is refused: rerun "
                          f"scripts/experiments.sh")
    config = profile["config"]
    kinds = config["kinds"]
    m = profile["machine"]
    out = []
    commits = list(dict.fromkeys(profile.get("commits", [profile["commit"]])))
    out.append(("Commit" if len(commits) == 1 else "Commits") + " " + ", ".join(f"`{c}`" for c in commits)
               + f"{' (with uncommitted changes)' if profile.get('dirty') else ''}; "
               f"{m['cpu']}, {m['cores']} cores; backend {m['backend']}: {m['device']}; {m['jdk']}. "
               f"{config['description']}. Run with `{profile['commands']['run']}`"
               + (f", in {profile['invocations']} invocations (it was resumed)" if profile["invocations"] > 1
                  else ", in one invocation") + ".")
    out.append("")
    # budget
    out.append("**Budget** (minutes of wall time on this machine):")
    out.append("")
    out.append("| stage | planned | measured |")
    out.append("|---|---:|---:|")
    planned = config.get("plannedMinutes", {})
    total = 0.0
    for stage, minutes in profile["minutes"].items():
        total += minutes
        out.append(f"| {stage} | {planned.get(stage, '-')} | {minutes:.1f} |")
    out.append(f"| total | {sum(planned.values()) if planned else '-'} | {total:.1f} |")
    out.append("")

    # E1
    evolutions = load_json(d / "e1" / "evolutions.json")
    out.append("### E1. Evolved against tuned, on the evolution's own task")
    out.append("")
    out.append(f"Setup: `{' '.join(config['setup'])}`; evolution `{' '.join(config['evolve'])}` with each kind's "
               f"default strategy, run seeds {', '.join(map(str, config['runSeeds']))}. Test accuracy (%) on "
               f"paired seeds {config['testSeeds']}; the difference is paired by seed against the best baseline "
               "(chosen by validation fitness before the test set was looked at), with its 95% interval "
               "(Student's t). Validation fitness is 1 - validation accuracy at selection.")
    out.append("")
    e1 = {}
    for k in kinds:
        acc, rkinds = results(d / "e1" / f"test-{k}" / "results.csv")
        summary = load_json(d / "e1" / f"test-{k}" / "summary.json")
        base = load_json(d / "e1" / f"baselines-{k}.json")
        ref = summary["reference"]
        if ref not in acc:
            raise Refused(f"{d / 'e1' / f'test-{k}' / 'results.csv'}: no row for the reference '{ref}'")
        e1[k] = (acc, rkinds, ref, base)
        validation = {b["name"]: b["best"]["fitness"] for b in base["baselines"]}
        out.append(f"**{k.upper()}** (reference: {ref})")
        out.append("")
        out.append("| row | validation fitness | test accuracy | std | minus the best baseline | |")
        out.append("|---|---:|---:|---:|---:|---|")
        for row in acc:
            vals = list(acc[row].values())
            mean, std, _, _ = interval(vals)
            shown = label(row, rkinds[row])
            vf = evolutions[shown]["bestFitness"] if shown in evolutions else validation.get(row)
            iv = paired(acc[row], acc[ref])
            out.append(f"| {shown} | {'-' if vf is None else f'{vf:.4f}'} | {pct(mean)} | {pct(std)} | "
                       f"{'(reference)' if row == ref else diff(iv)} | {'' if row == ref else verdict(iv)} |")
        winners = [r for r in acc if rkinds[r] != "baseline"]
        means = [interval(list(acc[r].values()))[0] for r in winners]
        spread = interval(means)
        out.append("")
        out.append(f"Spread over the {len(winners)} independent evolutions: mean test accuracy {pct(spread[0])}, "
                   f"standard deviation {pct(spread[1])}, range {pct(min(means))} to {pct(max(means))}.")
        runs = [n for n in evolutions if n.startswith(k + "-")]
        ev_train = [evolutions[n]["networkTrainings"] for n in runs]
        ev_sec = [evolutions[n]["seconds"] for n in runs]
        bt = base["baselines"][0]["compute"]
        out.append(f"Compute: each evolution trained {ev_train[0]} networks "
                   f"({base['evolution']['networkSamples']:,} network-samples) in "
                   f"{min(ev_sec):.0f} to {max(ev_sec):.0f} s; each baseline's search trained {bt['networkTrainings']} "
                   f"({bt['networkSamples']:,} network-samples); the {len(base['baselines'])} searches took "
                   f"{base['seconds']:.0f} s together.")
        out.append("")

    # E2
    out.append("### E2. Transfer, unchanged")
    out.append("")
    out.append(f"Each kind's best winner by validation fitness and every tuned baseline of the "
               f"{kinds[0].upper()} search, unchanged; `/retuned` rows are baselines re-tuned on the target with "
               f"{config['retune']} network-trainings each. Test accuracy (%) over paired seeds "
               f"{config['targetSeeds']}, and the paired difference to the best (un-retuned) baseline with its 95% "
               "interval.")
    out.append("")
    targets = config["targets"]
    tables = {}
    rows = []
    for t in targets:
        acc, rkinds = results(d / "e2" / t["name"] / "results.csv")
        summary = load_json(d / "e2" / t["name"] / "summary.json")
        tables[t["name"]] = (acc, rkinds, summary["reference"])
        for r in acc:
            if (r, rkinds[r]) not in rows:
                rows.append((r, rkinds[r]))
    out.append("| row | " + " | ".join(t["label"] for t in targets) + " |")
    out.append("|---|" + "---:|" * len(targets))
    for r, kind in rows:
        cells = []
        for t in targets:
            acc, _, ref = tables[t["name"]]
            if r not in acc:
                cells.append("-")
                continue
            mean = interval(list(acc[r].values()))[0]
            cells.append(pct(mean) + ("" if r == ref else f" ({diff(paired(acc[r], acc[ref]))})"))
        out.append(f"| {label(r, kind)} | " + " | ".join(cells) + " |")
    out.append("")
    out.append("![transfer](docs/experiments/" + name + "/plots/e2/transfer-targets.png)")
    out.append("")

    # E3
    variation = load_json(d / "e3" / "variation.json")
    out.append("### E3. What evolution found")
    out.append("")
    out.append("How far apart the layers' parameters are (layer spread: the mean over training of the largest "
               "difference between layers) and how much each layer's parameters move (time spread: the mean "
               "over layers of the range over training), on the scale each is searched on (log10 for the "
               "learning rate, so 1 is a factor of ten). The per-layer constant baseline (`layers-momentum`) "
               "is the ablation: different per layer, constant over time.")
    out.append("")
    out.append("| modulator | learning rate: layer spread | time spread | momentum: layer spread | time spread |")
    out.append("|---|---:|---:|---:|---:|")
    for n, v in variation.items():
        lr = v.get("learningRate", {})
        mo = v.get("momentum", {})
        out.append(f"| {n} | {lr.get('layerSpread', float('nan')):.3f} | {lr.get('timeSpread', float('nan')):.3f} | "
                   + (f"{mo['layerSpread']:.3f} | {mo['timeSpread']:.3f} |" if mo else "- | - |"))
    out.append("")
    out.append("Winners against the per-layer constant baseline on E1's test seeds (paired, %):")
    out.append("")
    out.append("| winner | minus layers-momentum | |")
    out.append("|---|---:|---|")
    for k in kinds:
        acc, rkinds, _, _ = e1[k]
        if "layers-momentum" not in acc:
            continue
        for r in acc:
            if rkinds[r] != "baseline":
                iv = paired(acc[r], acc["layers-momentum"])
                out.append(f"| {label(r, rkinds[r])} | {diff(iv)} | {verdict(iv)} |")
    out.append("")
    for k in kinds:
        for n in evolutions:
            if n.startswith(k + "-"):
                out.append(f"![{n} learning rate](docs/experiments/{name}/plots/{n}/learningRate.png)")
                break
    out.append("")
    for k in kinds:
        for n in evolutions:
            if n.startswith(k + "-"):
                text = need(d / "e1" / f"{n}.txt").read_text().strip()
                out.append(f"`bin/neuromod modulator show` of {n}:")
                out.append("")
                out.append("```")
                out.extend(text.splitlines()[:40])
                out.append("```")
                out.append("")
    reading = d / "reading.md"
    if reading.exists():
        out.append(reading.read_text().strip())
        out.append("")

    # E3b
    hypotheses = config.get("hypotheses", [])
    if hypotheses:
        out.append("### E3b. Why: hypotheses tested")
        out.append("")
        for h in hypotheses:
            if "arms" in h:
                out += arms_section(d, h, kinds)
                continue
            out.append(f"**{h['name']}**: {h['label']} (`{' '.join(h['evolve'])}`, run seed {h['seed']}).")
            out.append("")
            out.append("| winner | test accuracy | minus the best baseline | |")
            out.append("|---|---:|---:|---|")
            for k in h.get("kinds", kinds):
                hdir = d / "e3b" / h["name"]
                acc, rkinds = results(hdir / f"test-{k}" / "results.csv")
                ref = e1[k][2]
                if ref not in acc:
                    raise Refused(f"{hdir / f'test-{k}' / 'results.csv'}: no row for the reference '{ref}'")
                for r in acc:
                    if rkinds[r] != "baseline":
                        iv = paired(acc[r], acc[ref])
                        tag = " (this hypothesis)" if h["name"] in r else ""
                        out.append(f"| {label(r, rkinds[r])}{tag} | {pct(interval(list(acc[r].values()))[0])} | "
                                   f"{diff(iv)} | {verdict(iv)} |")
            out.append("")

    # E4
    out.append("### E4. Cost")
    out.append("")
    back = [v["backendSeconds"] / v["seconds"] for v in evolutions.values() if v["seconds"] > 0]
    out.append(f"Wall time per stage is in the budget table above. The evolutions spent "
               f"{100 * min(back):.0f}% to {100 * max(back):.0f}% of their time inside the backend (training and "
               "evaluation); the rest is the modulators, observations and bookkeeping on the host.")
    gpu = d / "gpu.json"
    if gpu.exists():
        out.append("GPU figures: " + gpu.read_text().strip())
    else:
        out.append("No GPU figures exist for this profile: no GPU was available where it was run, so what the same "
                   "stages would take on one is not known.")
    out.append("")
    claims = d / "claims.md"
    if claims.exists():
        out.append("### What the tables say")
        out.append("")
        out.append(claims.read_text().strip())
        out.append("")
    return out


def generate(root, output):
    lines = ["# Experiments", "",
             "<!-- generated by scripts/experiments_md.py from docs/experiments/; do not edit by hand -->", "",
             "What this implementation finds on the paper's three claims (Wilson et al., \"Neuromodulated Learning "
             "in Deep Neural Networks\", arXiv 1812.03365): (1) evolved neuromodulation improves learning; (2) the "
             "same dynamics apply to other models and problems; (3) the evolved strategies are dynamic and "
             "location-specific. Read every table with three limits in mind: the models are small MLPs, the "
             "budgets are small (one epoch, minutes of evolution on two CPU cores), and these numbers are this "
             "implementation's reading of the paper, whose own result tables are not reproduced here. Every row "
             "that was run is reported, losses included, and every number below comes from a result file under "
             "`docs/experiments/`.", "",
             "Regenerate: `scripts/experiments.sh` (the full profile) and `scripts/experiments.sh --quick` (a smoke "
             "run); each continues where it stopped when run again.", "",
             "## Full profile", ""]
    lines += section(root, "full", root / "scripts" / "experiments" / "full.json")
    lines += ["## Quick profile (a smoke run, not evidence)", ""]
    lines += section(root, "quick", None)
    text = "\n".join(lines).rstrip() + "\n"
    tmp = output.with_suffix(".tmp")
    tmp.write_text(text)
    tmp.replace(output)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    p.add_argument("--output", help="default: ROOT/EXPERIMENTS.md")
    a = p.parse_args()
    root = Path(a.root)
    try:
        generate(root, Path(a.output) if a.output else root / "EXPERIMENTS.md")
    except Refused as e:
        print(f"experiments_md: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
