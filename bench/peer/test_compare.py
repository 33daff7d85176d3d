#!/usr/bin/python3
"""Unit tests of the peer comparison: the OpenBLAS core-type choice on real CPUs' flag sets, failed populations and the
seconds-from-start columns (standard library only)."""
import os, sys, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402

# /proc/cpuinfo flags (the vector-relevant part) of an AMD EPYC with AVX2 only and of a Xeon with AVX-512.
AVX2_ONLY = "fpu sse sse2 ssse3 sse4_1 sse4_2 avx f16c fma bmi1 avx2 bmi2 adx sha_ni".split()
AVX512 = AVX2_ONLY + "avx512f avx512dq avx512ifma avx512cd avx512bw avx512vl avx512_vnni".split()
SSE_ONLY = "fpu sse sse2 ssse3 sse4_1 sse4_2".split()


class CoreType(unittest.TestCase):
    def test_avx2_only_cpu_never_gets_the_avx512_kernels(self):
        self.assertEqual("Haswell", compare.openblas_coretype(AVX2_ONLY))
        for env, _ in compare.torch_configs(AVX2_ONLY, 2).values():
            self.assertEqual("Haswell", env["OPENBLAS_CORETYPE"])

    def test_avx512_cpu_gets_skylakex(self):
        self.assertEqual("SkylakeX", compare.openblas_coretype(AVX512))

    def test_partial_avx512_is_not_enough(self):
        self.assertEqual("Haswell", compare.openblas_coretype(AVX2_ONLY + ["avx512f"]))

    def test_an_older_cpu_lets_openblas_choose(self):
        self.assertIsNone(compare.openblas_coretype(SSE_ONLY))
        for env, _ in compare.torch_configs(SSE_ONLY, 2).values():
            self.assertIs(compare.UNSET, env["OPENBLAS_CORETYPE"])

    def test_a_named_core_overrides_the_cpus_best(self):
        configs = compare.torch_configs(AVX512, 2, "Haswell")
        self.assertEqual({"Haswell"}, {env["OPENBLAS_CORETYPE"] for env, _ in configs.values()})
        self.assertTrue(all(name.startswith("haswell-") for name in configs))

    def test_the_sweep_covers_thread_settings_and_layouts(self):
        configs = compare.torch_configs(AVX512, 2)
        flags = {tuple(f) for _, f in configs.values()}
        self.assertIn(("--threads", "1", "--impl", "wide"), flags)
        self.assertIn(("--threads", "2", "--impl", "bmm"), flags)
        self.assertEqual({"1", "2"}, {env["OPENBLAS_NUM_THREADS"] for env, _ in configs.values()})


class FailedPeer(unittest.TestCase):
    def test_a_failed_population_is_reported_and_the_report_still_comes_out(self):
        failed_torch = {"cmd": "torch_mlp.py", "env": {}, "rc": 1, "error": "exit code 1"}
        java = {"cmd": "bin/neuromod train", "env": {}, "rc": 0, "result": {"samplesPerSecond": 1000.0}}
        report = {"timestamp": "t", "command": "bench/peer.sh", "torchConfigs": {},
                  "machine": {"cores": 2, "kernel": "k", "env": {}},
                  "settings": {"hidden": "128", "batch": 64, "lr": 0.05, "momentum": 0.9, "seed": 1, "data_dir": None},
                  "populations": [compare.failed_population(8, java, {"c": failed_torch}, "calibration failed")]}
        text = compare.markdown(report)
        self.assertIn("| 8 | - | FAILED: calibration failed |", text)
        self.assertIn("## P=8", text)


class FromStart(unittest.TestCase):
    @staticmethod
    def side(rate, seconds, accuracy):
        return {"cmd": "c", "env": {}, "rc": 0, "result": {"samplesPerSecond": rate, "trainSeconds": 1.0,
                                                           "secondsFromStart": seconds, "testAccuracy": [accuracy],
                                                           "blas": {}}}

    def test_seconds_from_start_are_reported_beside_the_rates(self):
        runs = []
        for r, (java, torch) in enumerate([(2.0, 5.0), (3.0, 4.5), (2.5, 6.0)]):
            jr, tr = self.side(200.0, java, 0.9), self.side(100.0, torch, 0.8)
            runs.append({"repeat": r + 1, "java": jr, "torch": tr, "ratio": compare.ratio(compare.sps(jr), compare.sps(tr)),
                         "fromStartRatio": compare.ratio(compare.from_start(tr), compare.from_start(jr))})
        entry = compare.population_entry(1, 1, "c", runs[0]["java"], {}, runs)
        self.assertEqual(2.0, entry["medianRatio"])
        self.assertEqual(2.5, entry["javaMedianSecondsFromStart"])
        self.assertEqual(5.0, entry["torchMedianSecondsFromStart"])
        self.assertAlmostEqual(2.4, entry["medianFromStartRatio"])  # per repeat: 2.5, 1.5, 2.4
        report = {"timestamp": "t", "command": "bench/peer.sh --epochs 1", "torchConfigs": {},
                  "machine": {"cores": 2, "kernel": "k", "env": {}},
                  "settings": {"hidden": "128", "batch": 64, "lr": 0.05, "momentum": 0.9, "seed": 1, "data_dir": None},
                  "populations": [entry]}
        self.assertIn("| 2.50 | 5.00 | 2.400 |", compare.markdown(report))

    def test_a_side_without_the_field_leaves_the_ratio_out(self):
        self.assertIsNone(compare.ratio(None, 2.0))
        self.assertIsNone(compare.median([None, None]))


if __name__ == "__main__":
    unittest.main()
