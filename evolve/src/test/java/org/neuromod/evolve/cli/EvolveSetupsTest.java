// Evolution across setups on two small synthetic data sets of the same shape: each candidate's fitness is the
// aggregate of its per-setup fitness relative to the reference, exactly as recomputed from the logged values;
// sampled setups are the same for every candidate of a generation and follow the seed; a run halted mid-way
// resumes to identical files; replay retrains each setup to its logged fitness; held-out setups are measured at
// the end; bad setup flags are flag errors naming what is wrong.
package org.neuromod.evolve.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuromod.evolve.CrashPoints;
import org.neuromod.evolve.SetupsEvaluator;
import org.neuromod.nn.data.LearnableData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvolveSetupsTest {
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final LearnableData A = new LearnableData(500, 100, 21);
    @RegisterExtension
    static final LearnableData B = new LearnableData(500, 100, 22);
    static final ObjectMapper JSON = new ObjectMapper();

    static List<String> args(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("evolve", "--setup", "dataDir=" + A + " hidden=12 batch=20 "
                + "validation=100", "--setup", "dataDir=" + B + " hidden=12 batch=20 validation=100 activation=tanh",
                "--generations", "3", "--mu", "2", "--lambda", "2", "--threads", "1", "--backend", "jvm", "--seed", "4",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    static List<JsonNode> log(Path run) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(run.resolve("log.jsonl"))) {
            lines.add(JSON.readTree(l));
        }
        return lines;
    }

    static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    @Test
    void theFitnessIsTheAggregateOfTheLoggedPerSetupValuesBitForBit() throws Exception {
        Path run = tmp.resolve("mean");
        Cli.Outcome o = Cli.run(args(run, "--holdout", "dataDir=" + A + " hidden=8 batch=20 validation=100")
                .toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        JsonNode generation = null;
        int checked = 0;
        boolean differ = false;
        for (JsonNode line : log(run)) {
            if (line.get("type").asText().equals("generation")) {
                generation = line;
                assertEquals(List.of(0, 1), List.of(line.get("setups").get(0).asInt(), line.get("setups").get(1).asInt()));
                continue;
            }
            double[] f = doubles(line.get("setupFitness"));
            double[] ref = doubles(generation.get("referenceFitness"));
            double[] eps = {1.0 / 100, 1.0 / 100};
            double expected = (((f[0] + eps[0]) / (ref[0] + eps[0])) + ((f[1] + eps[1]) / (ref[1] + eps[1]))) / 2;
            assertEquals(expected, line.get("fitness").asDouble(), 0.0, "candidate " + line.get("id"));
            assertEquals(SetupsEvaluator.aggregate(doubles(line.get("setupLoss")), doubles(generation.get("referenceLoss")),
                    eps, false), line.get("validationLoss").asDouble(), 0.0, "the tie-break by the same formula");
            differ |= f[0] != f[1];
            checked++;
        }
        assertEquals(3 * 4, checked);
        assertTrue(differ, "two data sets of the same shape give different fitness");
        // replay retrains each setup to its logged fitness; held-out setups are measured at the end
        JsonNode scored = JSON.readTree(run.resolve("best.json").toFile()).get("scoredWith");
        assertEquals(2, scored.get("setups").size());
        assertTrue(Files.exists(run.resolve("replay/trace.csv")) && Files.exists(run.resolve("replay/trace-setup1.csv")));
        Cli.Outcome replay = Cli.run("replay", "--genome", run.resolve("best.json").toString(), "--out",
                tmp.resolve("replayed").toString(), "--setup", "1", "--threads", "1");
        assertEquals(0, replay.code(), replay.err());
        JsonNode replayed = JSON.readTree(replay.lastLine());
        assertEquals(scored.get("setups").get(1).get("fitness").asDouble(),
                1 - replayed.get("validationAccuracy").get(0).asDouble(), 1e-7, "setup 1 replayed");
        JsonNode holdout = JSON.readTree(run.resolve(Holdout.FILE).toFile());
        assertEquals(5, holdout.get("setups").get(0).get("winner").size());
        assertTrue(holdout.get("setups").get(0).has("differenceLow"));
    }

    @Test
    void sampledSetupsAreTheGenerationsAndFollowTheSeed() throws Exception {
        Path one = tmp.resolve("sampled-1");
        Path two = tmp.resolve("sampled-2");
        for (Path run : List.of(one, two)) {
            Cli.Outcome o = Cli.run(args(run, "--setups-per-generation", "1", "--generations=6").stream()
                    .filter(x -> !x.equals("--generations") && !x.equals("3")).toArray(String[]::new));
            assertEquals(0, o.code(), o.err());
        }
        List<Integer> drawn = new ArrayList<>();
        for (JsonNode line : log(one)) {
            if (line.get("type").asText().equals("generation")) {
                assertEquals(1, line.get("setups").size());
                drawn.add(line.get("setups").get(0).asInt());
            } else {
                assertEquals(1, line.get("setupFitness").size(), "every candidate of the generation on its one setup");
            }
        }
        assertEquals(drawn, List.of(0, 1, 2, 3, 4, 5).stream()
                .map(g -> SetupsEvaluator.drawn(4, g, 2, 1).get(0)).toList(), "drawn from the run seed");
        assertTrue(drawn.contains(0) && drawn.contains(1), "both setups drawn over 6 generations: " + drawn);
        assertEquals(Cli.untimed(one.resolve("log.jsonl")).stream().map(l -> l.replaceAll("\"setupSeconds\":\\[[^]]*]", ""))
                .toList(), Cli.untimed(two.resolve("log.jsonl")).stream().map(l -> l.replaceAll(
                "\"setupSeconds\":\\[[^]]*]", "")).toList(), "reproducible");
        List<List<Integer>> draws = new ArrayList<>();
        for (long seed = 1; seed <= 8; seed++) {
            draws.add(SetupsEvaluator.drawn(seed, 0, 5, 2));
        }
        assertNotEquals(1, draws.stream().distinct().count(), "the seed is applied: " + draws);
    }

    @Test
    void aRunOverTwoSetupsHaltedMidwayResumesToTheSameFiles() throws Exception {
        Path reference = tmp.resolve("reference");
        assertEquals(0, Cli.run(args(reference).toArray(String[]::new)).code());
        Path halted = tmp.resolve("halted");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "-Dneuromod.test.crash=mid-training@1", Main.class.getName()));
        cmd.addAll(args(halted));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("halted.txt").toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(CrashPoints.HALTED, p.exitValue(), Files.readString(tmp.resolve("halted.txt")));
        Cli.Outcome resumed = Cli.run("evolve", "--resume", halted.toString());
        assertEquals(0, resumed.code(), resumed.err());
        for (String file : List.of("best.json", "checkpoint.json", "config.yaml")) {
            String expected = Files.readString(reference.resolve(file)).replace(reference.toString(), halted.toString());
            assertEquals(expected, Files.readString(halted.resolve(file)).replace(reference.toString(), halted.toString()),
                    file);
        }
        assertTrue(Files.readString(halted.resolve("checkpoint.json")).contains("\"perSetup\""), "checkpoint format 2");
        List<String> expected = Cli.untimed(reference.resolve("log.jsonl")).stream()
                .map(l -> l.replaceAll("\"setupSeconds\":\\[[^]]*]", "")).toList();
        assertEquals(expected, Cli.untimed(halted.resolve("log.jsonl")).stream()
                .map(l -> l.replaceAll("\"setupSeconds\":\\[[^]]*]", "")).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--setup=hidden=12 colour=red", "--setup=hidden=x", "--setup=data=cifar", "--setup=epochs=0",
        "--setup=nonsense", "--aggregate=median", "--setups-per-generation=3", "--hidden=64", "--fitness-seeds=2"})
    void badSetupFlagsAreFlagErrorsNamingWhatIsWrong(String flag) {
        List<String> args = new ArrayList<>(args(tmp.resolve("bad"), flag));
        Cli.Outcome o = Cli.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), flag + ": " + o.err());
        String named = flag.contains("colour") ? "colour" : flag.contains("hidden=x") ? "hidden"
                : flag.contains("cifar") ? "data" : flag.contains("epochs") ? "epochs" : flag.contains("nonsense")
                ? "nonsense" : flag.substring(0, flag.indexOf('='));
        assertTrue(o.err().contains(named), flag + ": " + o.err());
        assertFalse(Files.exists(tmp.resolve("bad")), "nothing written");
        assertEquals(2, Cli.run("evolve", "--aggregate", "worst").code(), "--aggregate needs two setups");
    }
}
