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
    private static final String[] RUN = {"evolve", "--hidden", "16", "--generations", "3", "--mu", "2", "--lambda",
        "3", "--validation", "100", "--batch", "20", "--threads", "1", "--backend", "jvm", "--seed", "3"};

    private static Cli.Outcome evolve(Path data, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(RUN));
        args.addAll(List.of("--data-dir", data.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void anEvolutionOnTwoWorkersEndsAsOnOneMachineAndAWorkerWithOtherDataIsRefused(@TempDir Path tmp)
            throws Exception {
        Path data = tmp.resolve("data");
        IdxFiles.writeLearnableSet(data, 600, 100, 5);
        Path other = tmp.resolve("other");
        IdxFiles.writeLearnableSet(other, 600, 100, 6);
        Cli.Outcome local = evolve(data, tmp.resolve("local"));
        assertEquals(0, local.code(), local.err());

        Path cluster = LocalCluster.file(tmp);
        List<Process> workers = new ArrayList<>();
        try {
            Path[] logs = {tmp.resolve("w0.log"), tmp.resolve("w1.log"), tmp.resolve("w2.log")};
            workers.add(LocalCluster.worker(cluster, data, logs[0]));
            workers.add(LocalCluster.worker(cluster, data, logs[1]));
            workers.add(LocalCluster.worker(cluster, other, logs[2]));
            for (int w = 0; w < workers.size(); w++) {
                LocalCluster.awaitJoined(logs[w], workers.get(w));
            }
            for (String chunk : new String[] {"1", "2"}) {
                Path run = tmp.resolve("cluster-" + chunk);
                Cli.Outcome remote = evolve(data, run, "--cluster", cluster.toString(), "--chunk", chunk);
                assertEquals(0, remote.code(), remote.err());
                for (String file : new String[] {"best.json", "checkpoint.json", "config.yaml"}) {
                    assertEquals(Files.readString(tmp.resolve("local").resolve(file)),
                            Files.readString(run.resolve(file)), "--chunk " + chunk + ": " + file);
                }
                assertEquals(Cli.untimed(tmp.resolve("local").resolve("log.jsonl")),
                        Cli.untimed(run.resolve("log.jsonl")), "--chunk " + chunk + ": the log");
                String log = Files.readString(run.resolve("log.jsonl"));
                assertTrue(log.contains("\"worker\":\"[127.0.0.1]"), "the log names each candidate's worker");
                if (chunk.equals("1")) {
                    // five chunks of one over three idle workers: the one with other data got one, and refused it
                    assertTrue(remote.err().contains("refused chunk") && remote.err().contains("SHA-256"),
                            remote.err());
                }
            }
        } finally {
            for (Process w : workers) {
                LocalCluster.stop(w);
            }
        }
    }
}
