#!/usr/bin/python3
"""Unit test of bench/gemm_report.py on synthetic JMH and sgemm_bench files (standard library only):

    /usr/bin/python3 bench/test_gemm_report.py
"""
import json, os, sys, tempfile, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gemm_report  # noqa: E402

SHAPES = "# name\tM\tN\tK\ttransA\ttransB\nforward0\t64\t128\t784\t0\t0\nweightGrad0\t784\t128\t64\t1\t0\n" \
         "forward1\t64\t10\t128\t0\t0\n"
FLOPS_FORWARD0 = 2 * 64 * 128 * 784  # one member


def jmh(shape, population, threads, score, unit="us/op", jvm_args=(), **params):
    """One result as JMH's -rf json writes it (the fields the report reads, and a few it ignores)."""
    return {"jmhVersion": "1.37", "benchmark": gemm_report.BENCHMARK, "mode": "avgt", "threads": 1, "forks": 1,
            "jvm": "/usr/lib/jvm/jdk-25/bin/java", "jvmArgs": list(jvm_args), "jdkVersion": "25",
            "vmName": "OpenJDK 64-Bit Server VM", "warmupIterations": 3, "warmupTime": "500 ms",
            "measurementIterations": 5, "measurementTime": "500 ms",
            "params": dict(shape=shape, population=str(population), threads=str(threads), hidden="128", batch="64",
                           **params),
            "primaryMetric": {"score": score, "scoreError": 1.0, "scoreUnit": unit, "rawData": [[score]]},
            "secondaryMetrics": {}}


def blas(shape, population, threads, value, coretype="SkylakeX"):
    return {"shape": shape, "M": 64, "N": 128, "K": 784, "transA": 0, "transB": 0, "population": population,
            "threads": threads, "gflops": value, "windows": [value], "core": "SkylakeX",
            "config": "OpenBLAS 0.3.21 DYNAMIC_ARCH", "coretype": coretype}


class Files(unittest.TestCase):
    """Writes the inputs into a temporary folder and runs main() on them."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.shapes = self.path("shapes.tsv", SHAPES)

    def tearDown(self):
        self.dir.cleanup()

    def path(self, name, text):
        p = os.path.join(self.dir.name, name)
        with open(p, "w") as f:
            f.write(text)
        return p

    def run_report(self, jmh_files, blas_files):
        jmh_paths = [self.path(f"jmh-{i}.json", json.dumps(results)) for i, results in enumerate(jmh_files)]
        blas_paths = [self.path(f"blas-{i}.jsonl", "".join(json.dumps(r) + "\n" for r in lines))
                      for i, lines in enumerate(blas_files)]
        out = os.path.join(self.dir.name, "gemm.md")
        code = gemm_report.main(["gemm_report.py", ",".join(jmh_paths), ",".join(blas_paths), self.shapes, out,
                                 "bench/gemm.sh --quick"])
        self.assertEqual(0, code)
        with open(out) as f:
            md = f.read()
        with open(os.path.join(self.dir.name, "gemm.json")) as f:
            rows = json.load(f)["rows"]
        return md, rows

    @staticmethod
    def table_row(md, shape, population):
        for line in md.splitlines():
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) > 2 and cells[0] == shape and cells[2] == str(population):
                return cells
        raise AssertionError(f"no table row for {shape} P={population} in:\n{md}")


class Gflops(Files):
    def test_gflops_come_from_microseconds_per_op_times_the_population(self):
        # P=8 members of forward0 in 200 us: 2 M N K 8 / 200e-6 s
        md, rows = self.run_report([[jmh("forward0", 8, 2, 200.0)]], [[blas("forward0", 8, 1, 100.0)]])
        expected = FLOPS_FORWARD0 * 8 / 200e-6 / 1e9
        self.assertAlmostEqual(expected, rows[0]["jvmGflops"], places=6)
        self.assertAlmostEqual(expected / 100.0, rows[0]["ratio"], places=6)
        self.assertEqual(f"{expected:,.1f} (2)", self.table_row(md, "forward0", 8)[3])
        self.assertIn("64 x 128 x 784", self.table_row(md, "forward0", 8)[1])

    def test_other_time_units_and_throughput_mode(self):
        self.assertAlmostEqual(2e-4, gemm_report.seconds_per_op(200.0, "us/op"))
        self.assertAlmostEqual(2e-4, gemm_report.seconds_per_op(200000.0, "ns/op"))
        self.assertAlmostEqual(2e-4, gemm_report.seconds_per_op(5000.0, "ops/s"))
        with self.assertRaises(gemm_report.InputError):
            gemm_report.seconds_per_op(1.0, "B/op")

    def test_other_benchmarks_and_failed_results_are_ignored(self):
        other = dict(jmh("forward0", 1, 2, 1.0), benchmark="org.neuromod.bench.KernelBench.run")
        failed = jmh("forward0", 1, 2, 1.0)
        del failed["primaryMetric"]
        _, rows = self.run_report([[other, failed, jmh("forward0", 1, 2, 50.0)]], [[]])
        self.assertEqual(1, len(rows))
        self.assertAlmostEqual(FLOPS_FORWARD0 / 50e-6 / 1e9, rows[0]["jvmGflops"], places=6)


class BestThreads(Files):
    def test_openblas_figure_is_its_best_thread_count(self):
        md, rows = self.run_report([[jmh("forward0", 1, 2, 100.0)]],
                                   [[blas("forward0", 1, 1, 150.0), blas("forward0", 1, 2, 90.0),
                                     blas("forward0", 8, 1, 80.0), blas("forward0", 8, 2, 120.0)]])
        by_pop = {r["population"]: r for r in rows}
        self.assertEqual((150.0, 1), (by_pop[1]["openblasGflops"], by_pop[1]["openblasThreads"]))
        self.assertEqual((120.0, 2), (by_pop[8]["openblasGflops"], by_pop[8]["openblasThreads"]))
        self.assertEqual("150.0 (1)", self.table_row(md, "forward0", 1)[4])
        self.assertEqual("120.0 (2)", self.table_row(md, "forward0", 8)[4])

    def test_the_final_line_names_the_lowest_ratio(self):
        # JVM at 200 us for P=1 and P=8: P=8 does 8x the work, so its ratio is the higher one
        md, rows = self.run_report([[jmh("forward0", 1, 2, 200.0), jmh("forward0", 8, 2, 200.0)]],
                                   [[blas("forward0", 1, 1, 100.0), blas("forward0", 8, 1, 100.0)]])
        low = min(r["ratio"] for r in rows)
        self.assertLess(low, max(r["ratio"] for r in rows))
        self.assertIn(f"**{low:.2f}** (forward0, P=1; 2 of 2 rows", md)

    def test_best_is_chosen_on_the_medians_not_on_one_lucky_repeat(self):
        value, threads, repeats = gemm_report.best_over_threads({1: [100.0, 101.0, 99.0], 2: [300.0, 50.0, 60.0]})
        self.assertEqual((100.0, 1, [99.0, 100.0, 101.0]), (value, threads, repeats))


class Repeats(Files):
    def test_each_side_is_the_median_over_repeats(self):
        # JVM: 100, 400, 200 us -> median 200 us; OpenBLAS: 10, 30, 20 GFLOP/s -> 20
        jmh_files = [[jmh("forward0", 1, 2, t)] for t in (100.0, 400.0, 200.0)]
        blas_files = [[blas("forward0", 1, 1, g)] for g in (10.0, 30.0, 20.0)]
        md, rows = self.run_report(jmh_files, blas_files)
        self.assertAlmostEqual(FLOPS_FORWARD0 / 200e-6 / 1e9, rows[0]["jvmGflops"], places=6)
        self.assertEqual(20.0, rows[0]["openblasGflops"])
        self.assertEqual([10.0, 20.0, 30.0], rows[0]["openblasRepeats"])
        self.assertIn("3 JMH run(s) and 3 sgemm_bench run(s)", md)

    def test_an_even_number_of_repeats_takes_the_middle_two(self):
        _, rows = self.run_report([[]], [[blas("forward0", 1, 1, g)] for g in (10.0, 40.0, 20.0, 30.0)])
        self.assertEqual(25.0, rows[0]["openblasGflops"])


class Missing(Files):
    def test_a_shape_measured_on_one_side_only_shows_a_dash(self):
        md, rows = self.run_report([[jmh("forward0", 1, 2, 100.0), jmh("forward1", 1, 2, 5.0)]],
                                   [[blas("forward0", 1, 1, 100.0), blas("weightGrad0", 32, 1, 90.0)]])
        jvm_only = self.table_row(md, "forward1", 1)
        self.assertEqual(["64 x 10 x 128", "-", "-"], [jvm_only[1], jvm_only[4], jvm_only[5]])
        self.assertNotEqual("-", jvm_only[3])
        blas_only = self.table_row(md, "weightGrad0", 32)
        self.assertEqual(["-", "90.0 (1)", "-"], blas_only[3:6])
        # the minimum ratio is over the rows measured on both sides only
        ratio = FLOPS_FORWARD0 / 100e-6 / 1e9 / 100.0
        self.assertIn(f"**{ratio:.2f}** (forward0, P=1; 1 of 3 rows", md)
        self.assertEqual(["forward0", "weightGrad0", "forward1"], [r["shape"] for r in rows])  # shapes-file order

    def test_a_shape_unknown_everywhere_is_reported_not_a_crash(self):
        md, rows = self.run_report([[jmh("mystery", 1, 2, 100.0)]], [[]])
        self.assertIsNone(rows[0]["jvmGflops"])
        self.assertIn("no M, N, K known for mystery", md)
        self.assertIn("no row measured on both sides", md)

    def test_no_openblas_file_at_all(self):
        md, _ = self.run_report([[jmh("forward0", 1, 2, 100.0)]], [])
        self.assertEqual("-", self.table_row(md, "forward0", 1)[4])


class Header(Files):
    def test_a_varying_param_becomes_a_column_and_constant_ones_go_to_the_header(self):
        md, rows = self.run_report([[jmh("forward0", 1, 2, 100.0, tile="4x16"), jmh("forward0", 1, 2, 50.0, tile="8x8")]],
                                   [[blas("forward0", 1, 1, 100.0)]])
        self.assertEqual(2, len(rows))
        self.assertIn("| shape | M x N x K | P | tile | JVM GFLOP/s (threads) |", md)
        self.assertIn("batch=64, hidden=128", md)
        fast = [r for r in rows if r["params"] == {"tile": "8x8"}][0]
        self.assertAlmostEqual(FLOPS_FORWARD0 / 50e-6 / 1e9 / 100.0, fast["ratio"], places=6)
        self.assertEqual(100.0, fast["openblasGflops"])  # OpenBLAS does not depend on the JVM's tile

    def test_use_avx_in_jvm_args_names_the_vector_width(self):
        args = ["--add-modules=jdk.incubator.vector", "--add-modules jdk.incubator.vector -XX:UseAVX=2"]
        md, _ = self.run_report([[jmh("forward0", 1, 2, 100.0, jvm_args=args)]], [[blas("forward0", 1, 1, 1.0)]])
        self.assertIn("-XX:UseAVX=2 in the forks' jvmArgs: 256-bit vectors (AVX2, 16 registers)", md)
        md, _ = self.run_report([[jmh("forward0", 1, 2, 100.0)]], [[blas("forward0", 1, 1, 1.0)]])
        self.assertIn("no -XX:UseAVX", md)

    def test_command_coretype_and_core_are_named(self):
        md, _ = self.run_report([[jmh("forward0", 1, 2, 100.0)]],
                                [[blas("forward0", 1, 1, 1.0, coretype=None)], [blas("forward0", 1, 1, 1.0)]])
        self.assertIn("- command: `bench/gemm.sh --quick`", md)
        self.assertIn("core SkylakeX;", md)
        self.assertIn("OPENBLAS_CORETYPE SkylakeX, unset", md)


class BadInput(Files):
    def test_a_broken_blas_line_is_an_error_naming_the_file(self):
        bad = self.path("bad.jsonl", json.dumps(blas("forward0", 1, 1, 1.0)) + "\nnot json\n")
        jmh_path = self.path("jmh.json", "[]")
        code = gemm_report.main(["gemm_report.py", jmh_path, bad, self.shapes, os.path.join(self.dir.name, "x.md")])
        self.assertEqual(2, code)
        self.assertFalse(os.path.exists(os.path.join(self.dir.name, "x.md")))


if __name__ == "__main__":
    unittest.main()
