// `neuromod evolve` and `replay` end to end on a small synthetic IDX data set: the run directory, the same seed
// giving the same run bit for bit (1 and 2 threads), replay reproducing the logged fitness bit for bit, and
// refusing to overwrite a run.
package org.neuromod.evolve.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuromod.nn.data.LearnableData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvolveCommandTest {
    @RegisterExtension
    static final LearnableData DATA = new LearnableData(600, 100, 3);
    @TempDir
    Path runs;

    private static Cli.Outcome run(String... args) {
        return Cli.run(args);
    }

    private Cli.Outcome evolve(Path dir, String threads) {
        return evolve(dir, threads, "7");
    }

    private Cli.Outcome evolve(Path dir, String threads, String seed) {
        return run("evolve", "--data-dir", DATA.toString(), "--hidden", "16", "--generations", "3", "--mu", "2",
                "--lambda", "3", "--validation", "150", "--batch", "30", "--threads", threads, "--seed", seed,
                "--backend", "jvm", "--out", dir.toString(), "--json");
    }


    @Test
    void theSameSeedGivesTheSameRunBitForBitWhateverTheThreads() throws IOException {
        Cli.Outcome one = evolve(runs.resolve("a"), "1");
        assertEquals(0, one.code(), one.err());
        Cli.Outcome two = evolve(runs.resolve("b"), "2");
        assertEquals(0, two.code(), two.err());
        for (String file : new String[] {"best.json", "config.yaml"}) {
            String a = Files.readString(runs.resolve("a").resolve(file));
            String b = Files.readString(runs.resolve("b").resolve(file));
            assertEquals(file.equals("config.yaml") ? a.replace("threads: 1", "threads: 2") : a, b, file);
        }
        List<String> log = Cli.untimed(runs.resolve("a").resolve("log.jsonl"));
        assertEquals(log, Cli.untimed(runs.resolve("b").resolve("log.jsonl")), "log.jsonl apart from timings");
        assertEquals(3 * (1 + 5), log.size(), "a line per generation and per candidate (2 + 3 each)");
        JsonNode last = new ObjectMapper().readTree(one.lastLine());
        assertEquals(runs.resolve("a").toString(), last.get("runDirectory").asText());
        assertEquals(3, last.get("generations").asInt());
        assertTrue(one.out().contains("bin/neuromod report " + runs.resolve("a")), one.out());
        // a finished run holds its winner's replay trace, with test accuracy over training, for `report`
        Path trace = runs.resolve("a").resolve("replay").resolve("trace.csv");
        assertTrue(Files.readAllLines(trace).stream().filter(l -> l.startsWith("eval,")).count() >= 10,
                "test accuracy about 20 times over the run");
        assertEquals(Files.readString(Trace.sidecar(trace)).contains("\"sha256\""), true);
        assertEquals(0, evolve(runs.resolve("c"), "1", "8").code());
        assertTrue(!Files.readString(runs.resolve("c").resolve("best.json"))
                .equals(Files.readString(runs.resolve("a").resolve("best.json"))), "the seed is applied");
    }

    @Test
    void replayReproducesTheLoggedFitnessBitForBit() throws IOException {
        Path dir = runs.resolve("r");
        assertEquals(0, evolve(dir, "2").code());
        JsonNode scored = new ObjectMapper().readTree(Files.readString(dir.resolve("best.json"))).get("scoredWith");
        Cli.Outcome replay = run("replay", "--genome", dir.resolve("best.json").toString(), "--out",
                dir.resolve("replay").toString(), "--data-dir", DATA.toString(), "--threads", "1", "--backend", "jvm");
        assertEquals(0, replay.code(), replay.err());
        JsonNode line = new ObjectMapper().readTree(replay.lastLine());
        double accuracy = line.get("validationAccuracy").get(0).floatValue();
        assertEquals(scored.get("fitness").asDouble(), 1 - accuracy, 0.0, "the logged fitness");
        assertEquals(scored.get("validationLoss").asDouble(), line.get("validationLoss").get(0).asDouble(), 0.0,
                "the logged tie-breaker");
        assertTrue(Files.readAllLines(dir.resolve("replay").resolve("trace.csv")).size() > 2, "the trace is written");
        // best.json is a genome file the other commands read
        assertEquals(0, run("modulator", "show", dir.resolve("best.json").toString()).code());
    }

    @Test
    void anExistingRunDirectoryIsRefused() throws IOException {
        Path dir = runs.resolve("taken");
        Files.createDirectories(dir);
        Cli.Outcome run = evolve(dir, "1");
        assertEquals(Main.USER_ERROR, run.code(), run.err());
        assertTrue(run.err().contains("already exists"), run.err());
    }
}
