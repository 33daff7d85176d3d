// `baseline` and `transfer` end to end on a small synthetic data set: the search matches the evolution's compute,
// picks its best by validation fitness, writes a trace per best setting and resumes to identical bytes;
// transfer pairs its rows by seed (a baseline row is exactly `train` with that setting and seed); bad input is
// one message with exit 1 or 2.
package org.neuromod.evolve.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuromod.evolve.Baseline;
import org.neuromod.evolve.CrashPoints;
import org.neuromod.nn.data.LearnableData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineTransferTest {
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final LearnableData DATA = new LearnableData(600, 100, 5);
    static Path run;
    static Path baselines;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void evolveAndTune() throws Exception {
        run = tmp.resolve("run");
        Cli.Outcome evolved = Cli.run("evolve", "--data-dir", DATA.toString(), "--hidden", "16", "--generations", "3",
                "--mu", "2", "--lambda", "3", "--validation", "100", "--batch", "20", "--threads", "1", "--backend",
                "jvm", "--out", run.toString());
        assertEquals(0, evolved.code(), evolved.err());
        baselines = tmp.resolve("baselines");
        Cli.Outcome tuned = Cli.run("baseline", "--run", run.toString(), "--out", baselines.toString(), "--data-dir",
                DATA.toString());
        assertEquals(0, tuned.code(), tuned.err());
    }

    @Test
    void theSearchMatchesTheEvolutionsComputeAndPicksItsBestByValidation() throws IOException {
        JsonNode root = JSON.readTree(baselines.resolve("baselines.json").toFile());
        assertEquals(15, root.get("evolution").get("networkTrainings").asInt(), "3 generations of 2 + 3 candidates");
        long samples = root.get("evolution").get("networkSamples").asLong();
        assertEquals(15L * (500 / 20) * 20, samples, "500 training images, batch 20, one epoch each");
        List<String> names = new ArrayList<>();
        String best = null;
        double bestFitness = Double.POSITIVE_INFINITY;
        for (JsonNode b : root.get("baselines")) {
            String name = b.get("name").asText();
            names.add(name);
            assertEquals(15, b.get("compute").get("networkTrainings").asInt(), name);
            assertEquals(samples, b.get("compute").get("networkSamples").asLong(), name + ": the same network-samples");
            assertEquals(15, b.get("trials").size(), name);
            double min = Double.POSITIVE_INFINITY;
            for (JsonNode t : b.get("trials")) {
                if (!t.get("fitness").isNull()) {
                    min = Math.min(min, t.get("fitness").asDouble());
                }
            }
            assertEquals(min, b.get("best").get("fitness").asDouble(), 0.0, name + ": the best is the lowest fitness");
            if (min < bestFitness) {
                bestFitness = min;
                best = name;
            }
            Path trace = baselines.resolve("traces").resolve(name + ".csv");
            List<String> lines = Files.readAllLines(trace);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("eval,")), name + ": test accuracy over training");
            JsonNode info = JSON.readTree(Trace.sidecar(trace).toFile());
            assertEquals(b.get("best").get("setting"), info.get("modulator").get("settings"), name);
            assertEquals(b.get("best").get("initSeed").asLong(), info.get("setup").get("initSeed").asLong(), name);
        }
        assertEquals(Baseline.names(), names, "every registered baseline, in registry order");
        // the best baseline: lowest validation fitness, then lowest validation loss (the fitness tie-break)
        int first = 0;
        for (int i = 1; i < names.size(); i++) {
            JsonNode a = root.get("baselines").get(i).get("best");
            JsonNode b = root.get("baselines").get(first).get("best");
            int c = Double.compare(a.get("fitness").asDouble(), b.get("fitness").asDouble());
            if (c < 0 || (c == 0 && a.get("validationLoss").asDouble() < b.get("validationLoss").asDouble())) {
                first = i;
            }
        }
        assertEquals(names.get(first), root.get("best").asText(), "the best baseline by validation fitness (" + best
                + " by fitness alone)");
    }

    @Test
    void anInterruptedSearchResumesToTheSameBytes() throws Exception {
        Path dir = tmp.resolve("interrupted");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "-Dneuromod.test.crash=mid-training@7", Main.class.getName(), "baseline", "--run", run.toString(),
                "--out", dir.toString(), "--data-dir", DATA.toString()));
        Path err = tmp.resolve("interrupted.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the forked search ended");
        assertEquals(CrashPoints.HALTED, p.exitValue(), Files.readString(err));
        assertFalse(Files.exists(dir.resolve("baselines.json")), "halted in the middle of the search");
        Cli.Outcome resumed = Cli.run("baseline", "--resume", dir.toString(), "--data-dir", DATA.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming"), resumed.err());
        assertArrayEquals(Files.readAllBytes(baselines.resolve("baselines.json")),
                Files.readAllBytes(dir.resolve("baselines.json")), "baselines.json, byte for byte");
        for (String name : Baseline.names()) {
            assertEquals(rows(baselines.resolve("traces").resolve(name + ".csv")),
                    rows(dir.resolve("traces").resolve(name + ".csv")), name + "'s trace");
        }
    }

    private static List<String> rows(Path trace) throws IOException {
        return Files.readAllLines(trace);
    }

    @Test
    void badBaselineInputIsOneMessage() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Cli.Outcome notARun = Cli.run("baseline", "--run", empty.toString());
        assertEquals(Main.USER_ERROR, notARun.code(), notARun.err());
        assertTrue(notARun.err().contains(empty.resolve("config.yaml").toString()), "names the file it lacks: " + notARun.err());
        Cli.Outcome exists = Cli.run("baseline", "--run", run.toString(), "--out", baselines.toString(), "--data-dir",
                DATA.toString());
        assertEquals(Main.USER_ERROR, exists.code(), exists.err());
        assertTrue(exists.err().contains("already exists"), exists.err());
        assertEquals(2, Cli.run("baseline").code(), "neither --run nor --resume");
        assertEquals(2, Cli.run("baseline", "--run", run.toString(), "--baselines", "constant-lstm").code());
        Cli.Outcome resumeNothing = Cli.run("baseline", "--resume", empty.toString());
        assertEquals(Main.USER_ERROR, resumeNothing.code());
        assertTrue(resumeNothing.err().contains("search.json"), resumeNothing.err());
        for (Cli.Outcome o : List.of(notARun, exists, resumeNothing)) {
            assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        }
    }

    /** Small, fast defaults, each replaced by an extra "--name=value" of the same name. */
    private static String[] transfer(String... extra) {
        return Cli.withDefaults("transfer", new String[][] {{"--data-dir", DATA.toString()}, {"--hidden", "16"},
            {"--batch", "20"}, {"--validation", "100"}, {"--threads", "1"}, {"--backend", "jvm"}}, extra);
    }

    @Test
    void transferRowsArePairedBySeedAndComparedWithTheBestBaseline() throws Exception {
        Path out = tmp.resolve("transfer");
        Cli.Outcome t = Cli.run(transfer("--genome", run.resolve("best.json").toString(), "--baselines",
                baselines.toString(), "--seeds", "3-4", "--out", out.toString()));
        assertEquals(0, t.code(), t.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : t.out().strip().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        int rows = 1 + Baseline.REGISTRY.size();
        assertEquals(rows * 2, lines.size(), "one JSON line per row and seed");
        // the constant-momentum row at seed 4 is `train` with that setting and seed
        JsonNode setting = null;
        String reference = JSON.readTree(baselines.resolve("baselines.json").toFile()).get("best").asText();
        for (JsonNode b : JSON.readTree(baselines.resolve("baselines.json").toFile()).get("baselines")) {
            if (b.get("name").asText().equals("constant-momentum")) {
                setting = b.get("best").get("setting");
            }
        }
        Cli.Outcome train = Cli.run("train", "--data-dir", DATA.toString(), "--hidden", "16", "--batch", "20",
                "--validation", "100", "--threads", "1", "--backend", "jvm", "--seed", "4", "--lr",
                setting.get("learningRate").asText(), "--momentum", setting.get("momentum").asText(), "--json");
        assertEquals(0, train.code(), train.err());
        double trained = JSON.readTree(train.lastLine()).get("testAccuracy").get(0).asDouble();
        JsonNode row = lines.stream().filter(l -> l.get("row").asText().equals("constant-momentum")
                && l.get("seed").asLong() == 4).findFirst().orElseThrow();
        assertEquals((float) trained, (float) row.get("testAccuracy").asDouble(), 0f, "paired by seed: " + row);
        // the CSV and the summary
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("row,kind,rule,seed,testAccuracy,testLoss,diverged", csv.get(0));
        assertEquals(rows * 2 + 1, csv.size());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(reference, summary.get("reference").asText());
        for (Iterator<JsonNode> it = summary.get("rows").elements(); it.hasNext(); ) {
            JsonNode r = it.next();
            double a = 0;
            for (JsonNode l : lines) {
                a += l.get("row").asText().equals(r.get("row").asText()) ? l.get("testAccuracy").asDouble() / 2 : 0;
            }
            assertEquals(a, r.get("meanAccuracy").asDouble(), 1e-9, r.get("row").asText());
            if (r.get("row").asText().equals(reference)) {
                assertEquals(0.0, r.get("difference").asDouble(), 0.0, "the reference against itself");
            }
        }
        assertTrue(t.err().contains("minus " + reference), t.err());
    }

    @Test
    void retuneAddsRowsTunedOnTheTarget() throws Exception {
        Cli.Outcome t = Cli.run(transfer("--seeds", "1", "--retune", "4", "--hidden=8,8"));
        assertEquals(0, t.code(), t.err());
        long retuned = t.out().lines().filter(l -> l.contains(TransferCommand.RETUNED)).count();
        assertEquals(Baseline.REGISTRY.size(), retuned, t.out());
        assertTrue(t.err().contains("retuned constant-momentum with 4 trials"), t.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--data=cifar", "--seeds=5-1", "--seeds=abc", "--seeds=1,1", "--retune=-1", "--epochs=0",
        "--hidden=0"})
    void badTransferFlagsAreFlagErrors(String flag) {
        Cli.Outcome t = Cli.run(transfer("--genome", run.resolve("best.json").toString(), flag));
        assertEquals(2, t.code(), flag + ": " + t.err());
        assertTrue(t.err().contains(flag.substring(0, flag.indexOf('='))), t.err());
        assertFalse(t.err().contains("\tat "), t.err());
    }

    @Test
    void badTransferFilesAreNamed() throws IOException {
        Path nothing = tmp.resolve("nothing.json");
        Cli.Outcome genome = Cli.run(transfer("--genome", nothing.toString()));
        assertEquals(Main.USER_ERROR, genome.code(), genome.err());
        assertTrue(genome.err().contains("nothing.json"), genome.err());
        Path empty = Files.createDirectories(tmp.resolve("no-baselines"));
        Cli.Outcome b = Cli.run(transfer("--baselines", empty.toString()));
        assertEquals(Main.USER_ERROR, b.code(), b.err());
        assertTrue(b.err().contains(empty.resolve("baselines.json").toString()), b.err());
    }
}
