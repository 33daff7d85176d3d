// An evolution scored by workers in other JVMs ends as the same evolution run in one process: the same best.json,
// checkpoint.json and config.yaml, and the same log apart from timing and worker fields, whatever the chunking;
// a worker whose data differs refuses its chunks and the run goes on with the others. All on 127.0.0.1.
package org.neuromod.evolve.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuromod.evolve.cluster.LocalCluster;
import org.neuromod.nn.data.IdxFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterEvolveTest {
    private static final String[] ALL = {"best.json", "checkpoint.json", "config.yaml"};
    private static final String[] RUN = {"evolve", "--hidden", "16", "--generations", "3", "--mu", "2", "--lambda",
        "3", "--validation", "100", "--batch", "20", "--threads", "1", "--backend", "jvm", "--seed", "3"};

    /** The learnable data set in tmp/data and the run on one machine in tmp/local; returns the data's folder. */
    private static Path localRun(Path tmp) throws java.io.IOException {
        Path data = tmp.resolve("data");
        IdxFiles.writeLearnableSet(data, 600, 100, 5);
        Cli.Outcome local = evolve(data, tmp.resolve("local"));
        assertEquals(0, local.code(), local.err());
        return data;
    }

    private static Cli.Outcome evolve(Path data, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(RUN));
        args.addAll(List.of("--data-dir", data.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void anEvolutionOnTwoWorkersEndsAsOnOneMachineAndAWorkerWithOtherDataIsRefused(@TempDir Path tmp)
            throws Exception {
        Path data = localRun(tmp);
        Path other = tmp.resolve("other");
        IdxFiles.writeLearnableSet(other, 600, 100, 6);

        Path cluster = LocalCluster.file(tmp);
        List<Process> workers = new ArrayList<>();
        try {
            Path[] logs = {tmp.resolve("w0.log"), tmp.resolve("w1.log"), tmp.resolve("w2.log"),
                tmp.resolve("w3.log")};
            workers.add(LocalCluster.worker(cluster, data, logs[0]));
            workers.add(LocalCluster.worker(cluster, data, logs[1]));
            workers.add(LocalCluster.worker(cluster, other, logs[2]));
            workers.add(LocalCluster.worker(cluster, data, logs[3], "-Dneuromod.test.commit=another"));
            for (int w = 0; w < workers.size(); w++) {
                LocalCluster.awaitJoined(logs[w], workers.get(w));
            }
            Cli.Outcome status = Cli.run("cluster", "status", "--cluster", cluster.toString());
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().contains("4 workers") && status.out().lines().filter(l -> l.startsWith(
                    "| [127.0.0.1]") && l.contains("| jvm |") && l.contains("idle")).count() == 4, status.out());

            // the coordinator killed (halted as by kill -9 while writing generation 1's checkpoint) and resumed,
            // with the workers still up
            Path halted = tmp.resolve("halted");
            List<String> args = new ArrayList<>(List.of(RUN));
            args.addAll(List.of("--data-dir", data.toString(), "--out", halted.toString(), "--cluster",
                    cluster.toString()));
            Process coordinator = LocalCluster.fork(tmp.resolve("coordinator.log"),
                    List.of("-Dneuromod.test.crash=checkpoint.json-temp@1"), args.toArray(String[]::new));
            assertEquals(org.neuromod.evolve.CrashPoints.HALTED, coordinator.waitFor(),
                    Files.readString(tmp.resolve("coordinator.log")));
            Cli.Outcome resumed = Cli.run("evolve", "--resume", halted.toString(), "--cluster", cluster.toString(),
                    "--data-dir", data.toString());
            assertEquals(0, resumed.code(), resumed.err());
            assertSameFiles(tmp.resolve("local"), halted, "the coordinator halted and resumed: ", ALL);

            for (String chunk : new String[] {"1", "2"}) {
                Path run = tmp.resolve("cluster-" + chunk);
                Cli.Outcome remote = evolve(data, run, "--cluster", cluster.toString(), "--chunk", chunk);
                assertEquals(0, remote.code(), remote.err());
                assertSameFiles(tmp.resolve("local"), run, "--chunk " + chunk + ": ", ALL);
                assertEquals(Cli.untimed(tmp.resolve("local").resolve("log.jsonl")),
                        Cli.untimed(run.resolve("log.jsonl")), "--chunk " + chunk + ": the log");
                String log = Files.readString(run.resolve("log.jsonl"));
                assertTrue(log.contains("\"worker\":\"[127.0.0.1]"), "the log names each candidate's worker");
                if (chunk.equals("1")) {
                    // five chunks of one over three idle workers: the one with other data got one, and refused it
                    assertTrue(remote.err().contains("refused chunk") && remote.err().contains("SHA-256"),
                            remote.err());
                }
                // the worker of another commit is refused as it joins, and never gets a chunk
                assertTrue(remote.err().contains("runs commit another"), remote.err());
                assertTrue(!Files.readString(logs[3]).contains("scored"), Files.readString(logs[3]));
            }
        } finally {
            LocalCluster.stopAll(workers);
        }
    }

    @Test
    void aWorkerKilledMidGenerationAllWorkersGoneAndAResume(@TempDir Path tmp) throws Exception {
        Path data = localRun(tmp);
        long seed = Long.getLong("neuromod.test.killSeed", System.nanoTime());
        long killAfter = new java.util.SplittableRandom(seed).nextLong(400);
        System.out.println("ClusterEvolveTest: a worker is killed " + killAfter + " ms after its first chunk "
                + "(-Dneuromod.test.killSeed=" + seed + ")");
        Path cluster = LocalCluster.file(tmp);
        Path run = tmp.resolve("cluster");
        List<Process> workers = new ArrayList<>();
        try {
            // 20 ms per training step, so a generation's chunks take long enough to be caught running
            for (int w = 0; w < 2; w++) {
                Path log = tmp.resolve("w" + w + ".log");
                workers.add(LocalCluster.worker(cluster, data, log, "-Dneuromod.test.slowSteps=20"));
                LocalCluster.awaitJoined(log, workers.get(w));
            }
            // SIGINT stops the coordinator within 5 s (the chunks in flight cancelled), and the run resumes exactly
            Path stopped = tmp.resolve("stopped");
            List<String> args = new ArrayList<>(List.of(RUN));
            args.addAll(List.of("--data-dir", data.toString(), "--out", stopped.toString(), "--cluster",
                    cluster.toString(), "--chunk", "1"));
            Path coordinatorLog = tmp.resolve("coordinator.log");
            Process coordinator = LocalCluster.fork(coordinatorLog, List.of(), args.toArray(String[]::new));
            while (!Files.exists(stopped.resolve("checkpoint.json")) && coordinator.isAlive()) {
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-INT", String.valueOf(coordinator.pid())).start().waitFor();
            long sent = System.nanoTime();  // delivered; the signal watchdog halts the JVM 4.5 s later at the latest
            assertTrue(coordinator.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the coordinator stopped");
            double stopSeconds = (System.nanoTime() - sent) / 1e9;
            assertEquals(130, coordinator.exitValue(), Files.readString(coordinatorLog));
            assertTrue(stopSeconds < 5, "stopped " + stopSeconds + " s after SIGINT");
            Cli.Outcome again = Cli.run("evolve", "--resume", stopped.toString(), "--cluster", cluster.toString(),
                    "--data-dir", data.toString());
            assertEquals(0, again.code(), again.err());
            assertSameFiles(tmp.resolve("local"), stopped, "stopped by SIGINT and resumed: ", "best.json",
                    "checkpoint.json");

            Path first = tmp.resolve("w0.log");
            long before = scoredLines(first);
            java.util.concurrent.CompletableFuture<Cli.Outcome> remote = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> evolve(data, run, "--cluster", cluster.toString(), "--chunk", "1"));
            // mid-generation: once the worker has scored a chunk of this run it is busy with the next (chunks of
            // one, 5 a generation, 2 workers)
            while (scoredLines(first) == before && !remote.isDone()) {
                Thread.sleep(20);
            }
            Thread.sleep(killAfter);
            workers.get(0).destroyForcibly().waitFor();  // kill -9
            Cli.Outcome finished = remote.get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, finished.code(), finished.err());
            System.out.println("ClusterEvolveTest: chunks sent again after the kill: "
                    + finished.err().lines().filter(l -> l.contains("sent elsewhere")).count());
            assertSameFiles(tmp.resolve("local"), run, "with a worker killed: ", ALL);

            // every worker gone mid-run: the run waits --worker-timeout, then stops at its checkpoint, resumable
            Path orphan = tmp.resolve("orphan");
            java.util.concurrent.CompletableFuture<Cli.Outcome> left = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> evolve(data, orphan, "--cluster", cluster.toString(), "--worker-timeout", "2"));
            while (!Files.exists(orphan.resolve("checkpoint.json")) && !left.isDone()) {
                Thread.sleep(20);
            }
            workers.get(1).destroyForcibly().waitFor();  // the last worker, kill -9
            long gone = System.nanoTime();
            Cli.Outcome stoppedRun = left.get(120, java.util.concurrent.TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - gone) / 1e9;
            assertEquals(1, stoppedRun.code(), stoppedRun.err());
            assertTrue(stoppedRun.err().contains("--worker-timeout") && stoppedRun.err().contains("--resume"),
                    stoppedRun.err());
            assertTrue(seconds < 30, "gave up after " + seconds + " s");
            Path log = tmp.resolve("w2.log");
            workers.add(LocalCluster.worker(cluster, data, log));
            LocalCluster.awaitJoined(log, workers.get(2));
            Cli.Outcome resumed = Cli.run("evolve", "--resume", orphan.toString(), "--cluster", cluster.toString(),
                    "--data-dir", data.toString());
            assertEquals(0, resumed.code(), resumed.err());
            assertSameFiles(tmp.resolve("local"), orphan, "resumed: ", "best.json", "checkpoint.json");

            // no worker at all: a new run waits, then stops having written nothing
            LocalCluster.stop(workers.get(2));
            Cli.Outcome none = evolve(data, tmp.resolve("none"), "--cluster", cluster.toString(), "--worker-timeout",
                    "1");
            assertEquals(1, none.code(), none.err());
            assertTrue(none.err().contains("nothing was written") && !Files.exists(tmp.resolve("none")), none.err());
        } finally {
            LocalCluster.stopAll(workers);
        }
    }

    @Test
    void theCoordinatorIsAWorkerTooWithLocalWorker(@TempDir Path tmp) throws Exception {
        Path data = localRun(tmp);
        Cli.Outcome alone = evolve(data, tmp.resolve("alone"), "--cluster",
                LocalCluster.file(tmp).toString(), "--local-worker");
        assertEquals(0, alone.code(), alone.err());
        assertSameFiles(tmp.resolve("local"), tmp.resolve("alone"), "--local-worker: ", ALL);
        assertEquals(2, Cli.run("evolve", "--local-worker").code(), "--local-worker without --cluster");

        // a worker too slow for --chunk-timeout: its chunks go to the coordinator's own worker, same results
        Path cluster = LocalCluster.file(Files.createDirectories(tmp.resolve("slow-cluster")));
        Path log = tmp.resolve("slow.log");
        Process slow = LocalCluster.worker(cluster, data, log, "-Dneuromod.test.slowSteps=100");
        try {
            LocalCluster.awaitJoined(log, slow);
            Cli.Outcome timed = evolve(data, tmp.resolve("timed"), "--cluster", cluster.toString(), "--local-worker",
                    "--chunk", "1", "--chunk-timeout", "1");
            assertEquals(0, timed.code(), timed.err());
            assertTrue(timed.err().contains("ran past --chunk-timeout"), timed.err());
            assertSameFiles(tmp.resolve("local"), tmp.resolve("timed"), "with a chunk timed out: ", ALL);
        } finally {
            LocalCluster.stop(slow);
        }
    }

    private static long scoredLines(Path workerLog) throws java.io.IOException {
        return Files.readString(workerLog).lines().filter(l -> l.contains("scored")).count();
    }

    /** The files of two run directories, byte for byte. */
    private static void assertSameFiles(Path expected, Path actual, String how, String... files)
            throws java.io.IOException {
        for (String file : files) {
            assertEquals(Files.readString(expected.resolve(file)), Files.readString(actual.resolve(file)), how + file);
        }
    }
}
