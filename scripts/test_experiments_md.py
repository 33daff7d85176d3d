#!/usr/bin/env python3
"""Tests of the EXPERIMENTS.md generator on small recorded result files written into a temporary root: a table
cell follows its result file, a missing result file is exit 1 naming it, and results made with another config
than the committed full profile are refused for the full section. Standard library only (unittest)."""
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import experiments_md  # noqa: E402

CONFIG = {
    "profile": "full", "description": "a tiny recorded profile",
    "setup": ["--data", "mnist"], "evolve": ["--generations", "2"], "kinds": ["grn"], "runSeeds": [1, 2],
    "testSeeds": "1-3", "targets": [{"name": "tanh", "label": "MNIST tanh", "flags": ["--activation", "tanh"]}],
    "targetSeeds": "1-3", "retune": 4, "plannedMinutes": {"e1-evolve": 1},
}


def write_csv(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["row", "kind", "rule", "seed", "testAccuracy", "testLoss", "diverged"])
        for row, kind, seed, acc in rows:
            w.writerow([row, kind, "momentum", seed, acc, 0.1, "false"])


def write_json(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value))


def recorded(root):
    """A complete full profile: 2 GRN runs, 2 baselines, E1 and one E2 target, 3 seeds."""
    (root / "scripts" / "experiments").mkdir(parents=True)
    write_json(root / "scripts" / "experiments" / "full.json", CONFIG)
    d = root / "docs" / "experiments" / "full"
    write_json(d / "profile.json", {"config": CONFIG, "commit": "abc1234567", "dirty": False,
                                    "machine": {"cpu": "Test CPU", "cores": 2, "device": "jvm test", "jdk": "JDK 25",
                                                "backend": "jvm"},
                                    "minutes": {"e1-evolve": 0.5}, "invocations": 1,
                                    "commands": {"run": "scripts/experiments.sh"}})
    write_json(d / "e1" / "evolutions.json", {
        f"grn-{s}": {"generations": 2, "networkTrainings": 24, "seconds": 10.0, "backendSeconds": 9.0,
                     "bestFitness": 0.05 + s / 100, "bestValidationAccuracy": 0.95, "bestGeneration": 1}
        for s in (1, 2)})
    for s in (1, 2):
        (d / "e1" / f"grn-{s}.txt").write_text("grn genome, format 2\n")
    write_json(d / "e1" / "baselines-grn.json", {
        "best": "constant-momentum", "seconds": 30.0, "setup": {},
        "evolution": {"networkTrainings": 24, "networkSamples": 24000},
        "baselines": [{"name": n, "rule": "momentum", "description": "", "best": {"fitness": f},
                       "compute": {"networkTrainings": 24, "networkSamples": 24000}}
                      for n, f in (("constant-momentum", 0.04), ("layers-momentum", 0.06))]})
    rows = []
    for seed in (1, 2, 3):
        rows += [("runs/e1/grn-1/best.json", "grn", seed, 0.960 + seed / 1000),
                 ("runs/e1/grn-2/best.json", "grn", seed, 0.950 + seed / 1000),
                 ("constant-momentum", "baseline", seed, 0.955 + seed / 1000 + (seed % 2) / 1000),
                 ("layers-momentum", "baseline", seed, 0.940 + seed / 1000)]
    write_csv(d / "e1" / "test-grn" / "results.csv", rows)
    write_json(d / "e1" / "test-grn" / "summary.json", {"reference": "constant-momentum"})
    write_csv(d / "e2" / "tanh" / "results.csv", rows + [("constant-momentum/retuned", "baseline", s, 0.97)
                                                          for s in (1, 2, 3)])
    write_json(d / "e2" / "tanh" / "summary.json", {"reference": "constant-momentum"})
    write_json(d / "e3" / "variation.json", {"grn-1": {"learningRate": {"layerSpread": 0.5, "timeSpread": 1.25},
                                                       "momentum": {"layerSpread": 0.1, "timeSpread": 0.2}}})
    return d


class GeneratorTest(unittest.TestCase):
    def setUp(self):
        self.root = Path(tempfile.mkdtemp())
        self.d = recorded(self.root)
        self.out = self.root / "EXPERIMENTS.md"

    def tearDown(self):
        shutil.rmtree(self.root)

    def run_generator(self):
        return subprocess.run([sys.executable, str(HERE / "experiments_md.py"), "--root", str(self.root),
                               "--output", str(self.out)], capture_output=True, text=True)

    def test_a_table_cell_follows_its_result_file(self):
        self.assertEqual(0, self.run_generator().returncode)
        text = self.out.read_text()
        # grn-1's mean test accuracy over seeds 1-3: 0.962 -> 96.20
        self.assertRegex(text, r"\| grn-1 \| 0\.0600 \| 96\.20 \|")
        self.assertIn("Test CPU", text)
        self.assertIn("The quick profile has not been run yet", text)
        with open(self.d / "e1" / "test-grn" / "results.csv") as f:
            rows = list(csv.reader(f))
        for r in rows[1:]:
            if r[0].endswith("grn-1/best.json"):
                r[4] = str(float(r[4]) - 0.1)
        with open(self.d / "e1" / "test-grn" / "results.csv", "w", newline="") as f:
            csv.writer(f).writerows(rows)
        self.assertEqual(0, self.run_generator().returncode)
        self.assertRegex(self.out.read_text(), r"\| grn-1 \| 0\.0600 \| 86\.20 \|")

    def test_a_missing_result_file_is_exit_1_naming_it(self):
        missing = self.d / "e2" / "tanh" / "results.csv"
        missing.unlink()
        r = self.run_generator()
        self.assertEqual(1, r.returncode)
        self.assertIn(str(missing), r.stderr)
        self.assertFalse(self.out.exists(), "nothing is written")

    def test_results_of_another_config_are_refused_for_the_full_section(self):
        profile = json.loads((self.d / "profile.json").read_text())
        profile["config"]["runSeeds"] = [1]
        (self.d / "profile.json").write_text(json.dumps(profile))
        r = self.run_generator()
        self.assertEqual(1, r.returncode)
        self.assertIn("runSeeds", r.stderr)
        self.assertIn("refused", r.stderr)

    def test_paired_differences_and_intervals(self):
        self.assertAlmostEqual(2.2622, experiments_md.t975(9), places=4)
        mean, std, low, high = experiments_md.interval([0.90, 0.92, 0.94, 0.96])
        self.assertAlmostEqual(0.93, mean)
        self.assertAlmostEqual(0.93 - 3.1824 * std / 2, low)
        self.assertEqual("better", experiments_md.verdict(experiments_md.paired({1: 0.9, 2: 0.91, 3: 0.92},
                                                                               {1: 0.8, 2: 0.8, 3: 0.81})))
        self.assertEqual("no difference resolved", experiments_md.verdict(
            experiments_md.paired({1: 0.9, 2: 0.8, 3: 0.9}, {1: 0.8, 2: 0.9, 3: 0.85})))

    def test_flag_lists_merge_with_later_lists_winning_and_repeated_options_kept(self):
        import experiments
        self.assertEqual(["--a", "3", "--setup", "y", "--setup", "z", "--b", "2"],
                         experiments.merged(["--a", "1", "--setup", "x"], ["--b", "2"],
                                            ["--setup", "y", "--setup", "z", "--a", "3"]))


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print(f"scripts/test_experiments_md.py: {result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
