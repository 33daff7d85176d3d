// Exact resume, each run in its own forked JVM (as a user's would be): a reference run goes straight through;
// other runs are halted at deterministic crash points (mid-training, half-way through a log line, before,
// during and after the atomic replacement of best.json and checkpoint.json), killed with SIGKILL at random
// times (the seed is printed), or stopped by SIGINT/SIGTERM; each is then resumed, and must end with best.json
// and checkpoint.json byte-identical to the reference's and log.jsonl identical apart from timings.
package org.neuromod.evolve.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuromod.evolve.CrashPoints;
import org.neuromod.nn.data.LearnableData;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResumeTest {
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final LearnableData DATA = new LearnableData(1500, 100, 11);
    static Path reluReference;
    static Path tanhReference;
    /** How long the reference ran after its run directory appeared. */
    static long referenceMillis;

    @BeforeAll
    static void referenceRuns() throws Exception {
        reluReference = tmp.resolve("reference-relu");
        Run reference = Run.start(reluReference, "relu", null, "--out");
        waitFor(reluReference.resolve("config.yaml"), reference);
        long start = System.nanoTime();
        assertEquals(0, reference.finish(), reference.err());
        referenceMillis = (System.nanoTime() - start) / 1_000_000;
        tanhReference = tmp.resolve("reference-tanh");
        Run tanh = Run.start(tanhReference, "tanh", null, "--out");
        assertEquals(0, tanh.finish(), tanh.err());
    }

    /** One forked `neuromod evolve` (a fresh run with --out, or --resume). */
    record Run(Process process, Path log) {
        static final int GENERATIONS = 6;

        static Run start(Path dir, String activation, String crash, String mode) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", "-Xshare:auto", "-cp", System.getProperty("java.class.path")));
            if (crash != null) {  // a crash point, or a whole -D test property
                cmd.add(crash.startsWith("-D") ? crash : "-Dneuromod.test.crash=" + crash);
            }
            cmd.add(Main.class.getName());
            if (mode.equals("--out")) {
                cmd.addAll(List.of("evolve", "--data-dir", DATA.toString(), "--hidden", "64", "--activation", activation,
                        "--generations", String.valueOf(GENERATIONS), "--mu", "2", "--lambda", "3", "--validation",
                        "200", "--batch", "25", "--epochs", "2", "--threads", "1", "--seed", "5", "--backend", "jvm",
                        "--out", dir.toString()));
            } else {
                cmd.addAll(List.of("evolve", "--resume", dir.toString(), "--data-dir", DATA.toString()));
            }
            Path err = Files.createTempFile(tmp, "err", ".txt");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile()).start();
            return new Run(p, err);
        }

        int finish() throws InterruptedException {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("a forked run did not end within 120 s");
            }
            return process.exitValue();
        }

        String err() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return e.toString();
            }
        }
    }

    /** Resumes dir to the end and checks it against the reference. */
    private static void resumeAndCompare(Path dir, Path reference) throws Exception {
        Run resumed = Run.start(dir, null, null, "--resume");
        assertEquals(0, resumed.finish(), resumed.err());
        for (String file : new String[] {"best.json", "checkpoint.json", "config.yaml"}) {
            assertArrayEquals(Files.readAllBytes(reference.resolve(file)), Files.readAllBytes(dir.resolve(file)),
                    dir + ": " + file + " differs from the uninterrupted run's");
        }
        assertEquals(Cli.untimed(reference.resolve("log.jsonl")), Cli.untimed(dir.resolve("log.jsonl")),
                dir + ": log.jsonl apart from timings");
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file is left");
        }
    }


    @ParameterizedTest
    @ValueSource(strings = {"mid-training@2", "log-partial@1", "best.json-partial@3", "checkpoint.json-partial@0",
            "checkpoint.json-temp@2", "checkpoint.json-renamed@4"})
    void aRunHaltedAtACrashPointResumesExactly(String point) throws Exception {
        Path dir = tmp.resolve("crash-" + point.replace('@', '-'));
        Run crashed = Run.start(dir, "relu", point, "--out");
        assertEquals(CrashPoints.HALTED, crashed.finish(), "the run halts at " + point + ": " + crashed.err());
        resumeAndCompare(dir, reluReference);
    }

    @Test
    void runsKilledAtRandomTimesResumeExactly() throws Exception {
        long seed = Long.getLong("neuromod.test.killSeed", System.nanoTime());
        System.out.println("ResumeTest: SIGKILL times drawn with -Dneuromod.test.killSeed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        int killed = 0;
        for (int i = 0; i < 5; i++) {
            String activation = i == 2 ? "tanh" : "relu";
            Path dir = tmp.resolve("killed-" + i);
            long delay = random.nextLong(referenceMillis * 9 / 10);
            Run run = Run.start(dir, activation, null, "--out");
            waitFor(dir.resolve("config.yaml"), run);
            Thread.sleep(delay);
            run.process().destroyForcibly();
            int code = run.finish();
            killed += code == 0 ? 0 : 1;
            System.out.println("ResumeTest: kill " + i + " (" + activation + ") " + delay + " ms into a run of about "
                    + referenceMillis + " ms: exit " + code);
            resumeAndCompare(dir, activation.equals("tanh") ? tanhReference : reluReference);
        }
        assertTrue(killed >= 3, "most kills land before the run ends (" + killed + " of 5 did)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalStopsWithinFiveSecondsAndTheRunResumesExactly(String signal) throws Exception {
        Path dir = tmp.resolve("signal-" + signal);
        // 30 ms per step keeps the run going for seconds after its first checkpoint, so the signal lands mid-run
        // however fast the machine (the results are the same bits)
        Run run = Run.start(dir, "relu", "-Dneuromod.test.slowSteps=30", "--out");
        waitFor(dir.resolve("checkpoint.json"), run);
        long sent = System.nanoTime();
        new ProcessBuilder("kill", "-" + signal, String.valueOf(run.process().pid())).start().waitFor();
        int code = run.finish();
        double seconds = (System.nanoTime() - sent) / 1e9;
        assertEquals(signal.equals("TERM") ? 143 : 130, code, run.err());
        assertTrue(seconds < 5, "stopped in " + seconds + " s");
        assertTrue(run.err().contains("bin/neuromod evolve --resume " + dir), run.err());
        resumeAndCompare(dir, reluReference);
    }

    private static void waitFor(Path file, Run run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            assertTrue(run.process().isAlive() || Files.exists(file), "the run ended before " + file + ": " + run.err());
            assertTrue(System.nanoTime() < deadline, file + " did not appear");
            Thread.sleep(5);
        }
    }
}
