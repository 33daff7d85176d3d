// `neuromod train` end to end on a small synthetic IDX data set: the JSON line scripts rely on, and one
// clear message with a non-zero exit (never a stack trace) for every kind of bad flag or data file.
package org.neuromod.evolve.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuromod.nn.data.IdxFiles;
import org.neuromod.nn.data.LearnableData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainCommandTest {
    @RegisterExtension
    static final LearnableData DATA = new LearnableData(1000, 300, 1);

    private static Cli.Outcome run(String... args) {
        return Cli.run(args);
    }

    /** Small, fast defaults, each replaced by an extra "--name=value" of the same name. */
    private static String[] train(String... extra) {
        return Cli.withDefaults("train", new String[][] {{"--data-dir", DATA.toString()}, {"--hidden", "32"},
            {"--epochs", "2"}, {"--batch", "20"}, {"--threads", "2"}}, extra);
    }

    @Test
    void jsonLineCarriesAccuraciesThroughputAndProvenance() throws IOException {
        long before = System.nanoTime();
        Cli.Outcome run = run(train("--population", "3", "--validation", "100", "--lr", "0.02", "--json"));
        double wall = (System.nanoTime() - before) / 1e9;
        assertEquals(0, run.code(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.lastLine());
        assertEquals(3, json.get("testAccuracy").size());
        for (JsonNode accuracy : json.get("testAccuracy")) {
            assertTrue(accuracy.asDouble() > 0.8 && accuracy.asDouble() <= 1.0, "accuracy " + accuracy);
        }
        assertEquals(3, json.get("validationAccuracy").size());
        // trainSeconds is the training loop only, in seconds: positive and below the whole command's wall time
        // (which also loads, initialises and evaluates), so a unit or scope mistake fails here.
        double trainSeconds = json.get("trainSeconds").asDouble();
        assertTrue(trainSeconds > 0 && trainSeconds < wall, "trainSeconds " + trainSeconds + " of " + wall + " s");
        // secondsFromStart counts from this (test) process's start to the training's end: at least the training,
        // at most this process's age now, and more than its age before the command ran
        double age = TrainCommand.secondsFromStart();
        double fromStart = json.get("secondsFromStart").asDouble();
        assertTrue(fromStart >= trainSeconds && fromStart <= age && fromStart > age - wall,
                "secondsFromStart " + fromStart + ", trainSeconds " + trainSeconds + ", process age " + age + " s");
        // 900 training images (100 held out) / batch 20 = 45 steps per epoch, 2 epochs, 3 networks: the rate
        // counts every member's samples, so it is at least the network-samples over the whole wall time.
        assertEquals(2 * 45, json.get("steps").asInt());
        double rate = json.get("samplesPerSecond").asDouble();
        assertTrue(rate > 2 * 45 * 20 * 3 / wall, "samplesPerSecond " + rate + " counts all 3 members");
        assertEquals(2 * 45 * 20 * 3, rate * trainSeconds, 1e-6 * 2 * 45 * 20 * 3);
        assertEquals("jvm", json.get("backend").asText());
        assertEquals(2, json.get("threads").asInt());
        assertFalse(json.get("device").asText().isBlank());
        for (String field : new String[] {"version", "commit", "jdk"}) {
            assertTrue(json.hasNonNull(field), "provenance field " + field);
        }
        assertTrue(run.err().contains("epoch 2/2"), "progress per epoch: " + run.err());
    }

    @Test
    void aSingleNetworkStillReportsAnArray() throws IOException {
        Cli.Outcome run = run(train("--limit", "200", "--json"));
        assertEquals(0, run.code(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.lastLine());
        assertTrue(json.get("testAccuracy").isArray());
        assertEquals(1, json.get("testAccuracy").size());
        assertEquals(200 / 20 * 2, json.get("steps").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--epochs=0", "--epochs=-1", "--epochs=abc", "--batch=0", "--population=-2", "--threads=0", "--lr=NaN",
        "--lr=-0.1", "--lr=0", "--lr=Infinity", "--momentum=1.5", "--momentum=nan", "--activation=swish",
        "--data=cifar", "--backend=cuda", "--backend=tornado", "--hidden=12,x", "--hidden=0", "--limit=0",
        "--validation=-5", "--validation=1000", "--limit=5000", "--batch=5000", "--seed=1.5", "--no-such-flag",
        "--rule=adamw", "--rule=", "--steps-per-call=0", "--steps-per-call=x"})
    void badFlagsGiveOneMessageAndANonZeroExit(String flag) {
        Cli.Outcome run = run(train(flag));
        assertNotEquals(0, run.code(), flag + " was accepted");
        String option = flag.substring(0, flag.indexOf('=') < 0 ? flag.length() : flag.indexOf('='));
        assertTrue(run.err().contains("neuromod: ") && run.err().contains(option), flag + ": " + run.err());
        assertFalse(run.err().contains("Usage:"), flag + ": one message, not the whole usage: " + run.err());
        assertFalse(run.err().contains("\tat "), flag + " printed a stack trace: " + run.err());
    }

    static java.util.stream.Stream<org.neuromod.kernels.UpdateRule> rules() {
        return org.neuromod.kernels.UpdateRules.all().stream();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("rules")
    void everyRuleTrainsWithItsDefaultsAndWithEachParameterGivenAsAFlag(org.neuromod.kernels.UpdateRule rule)
            throws IOException {
        Cli.Outcome defaults = run(train("--rule", rule.name(), "--limit", "300", "--json"));
        assertEquals(0, defaults.code(), defaults.err());
        JsonNode json = new ObjectMapper().readTree(defaults.lastLine());
        assertEquals(rule.name(), json.get("rule").asText());
        assertEquals(rule.modulated(), json.get("parameters").size(), json.toString());
        for (org.neuromod.kernels.UpdateRule.HyperParam p : rule.params()) {
            assertEquals(p.standard(), (float) json.get("parameters").get(p.name()).asDouble(), 0f,
                    rule.name() + " " + p.name() + " defaults to its standard value");
        }
        assertTrue(json.get("testAccuracy").get(0).asDouble() > 0.5, rule.name() + " learns at its defaults: " + json);
        for (org.neuromod.kernels.UpdateRule.HyperParam p : rule.params()) {
            double value = Double.parseDouble(Float.toString(p.map(0.4)));
            Cli.Outcome given = run(train("--rule", rule.name(), "--limit", "200", "--json",
                    TrainCommand.optionName(p.name()), String.valueOf(value)));
            assertEquals(0, given.code(), given.err());
            JsonNode g = new ObjectMapper().readTree(given.lastLine());
            assertEquals(value, g.get("parameters").get(p.name()).asDouble(), 0.0, rule.name() + " " + p.name());
            Cli.Outcome outside = run(train("--rule", rule.name(), TrainCommand.optionName(p.name()),
                    String.valueOf(p.max() + 1)));
            assertEquals(2, outside.code(), "above its bounds: " + outside.err());
        }
        // a parameter another rule has is a flag error for this one
        for (String other : TrainCommand.parameterRules().keySet()) {
            if (rule.params().stream().noneMatch(p -> p.name().equals(other))) {
                Cli.Outcome wrong = run(train("--rule", rule.name(), TrainCommand.optionName(other), "0.5"));
                assertEquals(2, wrong.code(), wrong.err());
                assertTrue(wrong.err().contains(rule.name()) && wrong.err().contains(other), wrong.err());
            }
        }
    }

    @Test
    void theLrAndMomentumFlagsKeepWorking() throws IOException {
        JsonNode json = new ObjectMapper().readTree(run(train("--lr", "0.1", "--momentum", "0.5", "--limit", "200",
                "--json")).lastLine());
        assertEquals(0.1, json.get("parameters").get("learningRate").asDouble(), 1e-12);
        assertEquals(0.5, json.get("parameters").get("momentum").asDouble(), 1e-12);
    }

    @Test
    void aGenomeFileDrivesTrainingAndTheJsonNamesIt(@TempDir Path dir) throws IOException {
        Path genome = dir.resolve("g.json");
        Cli.Outcome created = run("modulator", "new", "--kind", "grn", "--rule", "adam", "--seed", "3", "--out", genome.toString());
        assertEquals(0, created.code(), created.err());
        Cli.Outcome shown = run("modulator", "show", genome.toString());
        assertEquals(0, shown.code(), shown.err());
        assertTrue(shown.out().contains("grn genome") && shown.out().contains("rule adam")
                && shown.out().contains("learningRate (normaliser)"), shown.out());
        Cli.Outcome trained = run(train("--modulator", genome.toString(), "--json"));
        assertEquals(0, trained.code(), trained.err());
        JsonNode json = new ObjectMapper().readTree(trained.lastLine());
        assertEquals("adam", json.get("rule").asText(), "the rule comes from the genome");
        assertTrue(json.get("parameters").isNull(), "a genome sets them: " + json);
        assertEquals("grn", json.get("modulator").get("kind").asText());
        assertEquals(64, json.get("modulator").get("sha256").asText().length());
        assertEquals("cosine", new ObjectMapper().readTree(run(train("--modulator", "cosine", "--limit", "200", "--json"))
                .lastLine()).get("modulator").get("kind").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--rule=sgd", "--lr=0.1", "--momentum=0.5"})
    void aGenomeSetsItsOwnRuleAndParameters(String flag, @TempDir Path dir) {
        Path genome = dir.resolve("m.json");
        assertEquals(0, run("modulator", "new", "--rule", "momentum", "--out", genome.toString()).code());
        Cli.Outcome run = run(train("--modulator", genome.toString(), flag));
        assertEquals(2, run.code(), flag + ": " + run.err());
        assertTrue(run.err().contains(flag.substring(0, flag.indexOf('='))), run.err());
        assertEquals(0, run(train("--modulator", genome.toString(), "--rule=momentum", "--limit=100", "--epochs=1")).code(),
                "naming the genome's own rule is fine");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"kind\": \"grn\", \"format\": 9}", "{\"kind\": \"cgp9\"}"})
    void aBadGenomeFileIsNamed(String content, @TempDir Path dir) throws IOException {
        Path genome = dir.resolve("bad.json");
        Files.writeString(genome, content);
        Cli.Outcome run = run(train("--modulator", genome.toString()));
        assertEquals(Main.USER_ERROR, run.code(), run.err());
        assertTrue(run.err().contains("bad.json"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void theTraceHasAHeaderAndARowPerTracedStepMemberAndLayer(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("t.csv");
        Cli.Outcome run = run(train("--population", "2", "--limit", "200", "--trace", trace.toString(),
                "--trace-every", "5", "--eval-every", "10"));
        assertEquals(0, run.code(), run.err());
        List<String> lines = Files.readAllLines(trace);
        assertEquals("row,step,member,layer,progress,depth,loss,lossTrend,gradNorm,weightNorm,updateNorm,agreement,"
                + "learningRate,momentum,learningRateApplied,momentumApplied,testAccuracy", lines.get(0));
        // 200 / 20 = 10 steps per epoch, 2 epochs: steps 0, 5, 10, 15 and the last (19); 2 members x 2 layers
        long stepRows = lines.stream().filter(l -> l.startsWith("step,")).count();
        long evalRows = lines.stream().filter(l -> l.startsWith("eval,")).count();
        assertEquals(5 * 2 * 2, stepRows);
        assertEquals(2 * 2, evalRows, "test accuracy after steps 9 and 19, per member");
        assertTrue(lines.get(1).startsWith("step,0,0,0,0.0,0.0,"), lines.get(1));
    }

    /** SHA-256 of a trace's data rows (step and eval lines), as text. */
    private static String rowsDigest(Path trace) throws Exception {
        String rows = String.join("\n", Files.readAllLines(trace).stream()
                .filter(l -> l.startsWith("step,") || l.startsWith("eval,")).toList());
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(rows.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The JSON line's test and validation accuracies and validation losses, as text. */
    private static String results(Cli.Outcome run) throws IOException {
        JsonNode json = new ObjectMapper().readTree(run.lastLine());
        return json.get("testAccuracy") + " " + json.get("validationAccuracy") + " " + json.get("validationLoss");
    }

    /** Recorded at commit 59d2181, before genome format 2: the data rows of the trace below and the JSON's results. */
    static final String FORMAT1_TRACE_ROWS = "023b2e703c5c5f3a4335c520f23e66e2ab1317e879f9eb1ad67ec534624ff735";
    static final String FORMAT1_RESULTS = "[1.0,1.0] [1.0,1.0] [0.42021445035934446,0.17912900686264038]";

    @ParameterizedTest
    @ValueSource(strings = {"constant", "grn", "cgp"})
    void stepsPerCallDoNotChangeTheResults(String kind, @TempDir Path dir) throws IOException {
        String modulator = kind;
        if (!kind.equals("constant")) {
            modulator = dir.resolve(kind + ".json").toString();
            assertEquals(0, run("modulator", "new", "--kind", kind, "--seed", "5", "--out", modulator).code());
        }
        String one = results(run(train("--modulator", modulator, "--population", "2", "--limit", "300", "--json")));
        Cli.Outcome seven = run(train("--modulator", modulator, "--population", "2", "--limit", "300", "--json",
                "--steps-per-call", "7"));
        assertEquals(0, seven.code(), seven.err());
        assertEquals(one, results(seven), "--steps-per-call 7 against 1");
        // a trace reads the run's values only at its steps; what it reads and the results do not depend on K
        Path traceOne = dir.resolve("one.csv");
        Path traceSeven = dir.resolve("seven.csv");
        Cli.Outcome tracedOne = run(train("--modulator", modulator, "--population", "2", "--limit", "300", "--json",
                "--trace", traceOne.toString(), "--trace-every", "5"));
        Cli.Outcome tracedSeven = run(train("--modulator", modulator, "--population", "2", "--limit", "300",
                "--json", "--trace", traceSeven.toString(), "--trace-every", "5", "--steps-per-call", "7"));
        assertEquals(one, results(tracedOne), "results with a trace against without");
        assertEquals(one, results(tracedSeven), "results with a trace, 7 steps per call");
        assertEquals(Files.readString(traceOne), Files.readString(traceSeven), "the trace at 7 steps per call");
    }

    @Test
    void aFormat1GenomeTrainsExactlyAsBeforeFormat2(@TempDir Path dir) throws Exception {
        Path genome = Path.of(getClass().getResource("/format1-grn.json").toURI());
        Path trace = dir.resolve("t.csv");
        Cli.Outcome run = run(train("--modulator", genome.toString(), "--population", "2", "--validation", "100",
                "--trace", trace.toString(), "--trace-every", "3", "--modulate-every", "2", "--json"));
        assertEquals(0, run.code(), run.err());
        assertEquals(FORMAT1_TRACE_ROWS, rowsDigest(trace), "the trace's data rows");
        assertEquals(FORMAT1_RESULTS, results(run), "the accuracies and losses");
    }

    /**
     * Recorded at commit 86b0e777e2, before the start-up work (launcher, huge pages, backend choice, the from-start
     * field): `train --population 1 --limit 2000`, every step traced.
     */
    static final String P1_TRACE_ROWS = "0e36949318442e4b8a78331def2dff2489c70f27a5ea6bfe5897cceeef999c3c";
    static final String P1_RESULTS = "[1.0] [1.0] [0.0010129308700561523] 200";

    @Test
    void aPopulationOfOneTrainsExactlyAsBeforeTheStartUpWork(@TempDir Path dir) throws Exception {
        IdxFiles.writeLearnableSet(dir, 2500, 300, 7);
        Path trace = dir.resolve("t.csv");
        Cli.Outcome run = run(train("--data-dir=" + dir, "--population", "1", "--limit", "2000", "--validation", "200",
                "--trace", trace.toString(), "--trace-every", "1", "--json"));
        assertEquals(0, run.code(), run.err());
        assertEquals(P1_TRACE_ROWS, rowsDigest(trace), "the trace's data rows");
        assertEquals(P1_RESULTS, results(run) + " " + new ObjectMapper().readTree(run.lastLine()).get("steps"),
                "the accuracies, losses and steps");
    }

    /**
     * The JVM backend's background warm-up (on by default in a command's fresh JVM, where it overlaps loading and the
     * first steps) changes no result: two fresh JVMs, with it and without, print the same JSON apart from timings.
     */
    @Test
    void theWarmUpChangesNothingButTimings(@TempDir Path dir) throws Exception {
        IdxFiles.writeLearnableSet(dir, 2500, 300, 7);
        List<JsonNode> reports = new ArrayList<>();
        for (String warmUp : List.of("true", "false")) {
            Path log = dir.resolve("warm-up-" + warmUp + ".txt");
            Process p = org.neuromod.evolve.cluster.LocalCluster.fork(log,
                    List.of("-D" + org.neuromod.kernels.jvm.JvmBackend.WARM_UP_PROPERTY + "=" + warmUp),
                    "train", "--data-dir=" + dir, "--backend", "jvm", "--limit", "2000", "--validation", "200",
                    "--epochs", "3", "--json");
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the run ends");
            List<String> lines = Files.readAllLines(log);
            assertEquals(0, p.exitValue(), String.join("\n", lines));
            com.fasterxml.jackson.databind.node.ObjectNode report =
                    (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(lines.getLast());
            report.remove(List.of("trainSeconds", "secondsFromStart", "samplesPerSecond"));
            reports.add(report);
        }
        assertEquals(reports.get(1), reports.get(0), "the same results with the warm-up and without");
        assertTrue(reports.get(0).get("validationLoss").get(0).asDouble() > 0, "a loss to compare: "
                + reports.get(0));
    }

    @Test
    void theTraceSaysWhatProducedItInASidecarAndStaysPlainCsv(@TempDir Path dir) throws Exception {
        Path genome = dir.resolve("g.json");
        assertEquals(0, run("modulator", "new", "--kind", "grn", "--seed", "4", "--out", genome.toString()).code());
        Path trace = dir.resolve("t.csv");
        Cli.Outcome run = run(train("--modulator", genome.toString(), "--limit", "200", "--trace", trace.toString(),
                "--trace-every", "4", "--modulate-every", "3", "--eval-every", "7"));
        assertEquals(0, run.code(), run.err());
        List<String> lines = Files.readAllLines(trace);
        assertTrue(lines.get(0).startsWith("row,step,member,layer,"), "the first line is the header: " + lines.get(0));
        assertTrue(lines.stream().skip(1).allMatch(l -> l.startsWith("step,") || l.startsWith("eval,")), "data rows only");
        JsonNode info = new ObjectMapper().readTree(Trace.sidecar(trace).toFile());
        assertEquals(String.join(",", lines.get(0).split(",")), String.join(",",
                new ObjectMapper().convertValue(info.get("columns"), String[].class)), "the sidecar lists the columns");
        JsonNode source = info.get("modulator");
        assertEquals("grn", source.get("kind").asText());
        assertEquals(2, source.get("format").asInt(), "modulator new writes format 2");
        assertEquals(TrainCommand.sha256(genome), source.get("sha256").asText());
        assertEquals(genome.toAbsolutePath().toString(), source.get("path").asText());
        assertEquals(3, info.get("modulateEvery").asInt());
        assertEquals(4, info.get("traceEvery").asInt());
        assertEquals(7, info.get("evalEvery").asInt());
        assertEquals("momentum", info.get("rule").asText());
        assertEquals(200, info.get("setup").get("limit").asInt());
        assertFalse(info.get("build").get("commit").asText().isBlank());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("g.json", "t.csv", "t.csv.json"), files.map(f -> f.getFileName().toString()).sorted()
                    .toList(), "no temporary file is left beside them");
        }

        Path constant = dir.resolve("c.csv");
        assertEquals(0, run(train("--modulator", "cosine", "--lr", "0.2", "--limit", "100", "--trace", constant.toString()))
                .code());
        JsonNode settings = new ObjectMapper().readTree(Trace.sidecar(constant).toFile()).get("modulator");
        assertEquals("cosine", settings.get("kind").asText());
        assertEquals(0.2, settings.get("settings").get("parameters").get("learningRate").asDouble(), 1e-12);
        assertTrue(settings.get("sha256").isNull(), settings.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"grn", "cgp"})
    void traceStateAddsTheModulatorsInternalState(String kind, @TempDir Path dir) throws Exception {
        Path genome = dir.resolve("g.json");
        assertEquals(0, run("modulator", "new", "--kind", kind, "--seed", "2", "--out", genome.toString()).code());
        Path trace = dir.resolve("t.csv");
        Cli.Outcome run = run(train("--modulator", genome.toString(), "--limit", "200", "--trace", trace.toString(),
                "--trace-every", "1", "--trace-state"));
        assertEquals(0, run.code(), run.err());
        com.fasterxml.jackson.databind.MappingIterator<java.util.Map<String, String>> rows = new com.fasterxml.jackson
                .dataformat.csv.CsvMapper().readerForMapOf(String.class).with(com.fasterxml.jackson.dataformat.csv
                .CsvSchema.emptySchema().withHeader()).readValues(trace.toFile());
        int checked = 0;
        org.neuromod.kernels.UpdateRule rule = org.neuromod.kernels.UpdateRules.MOMENTUM;
        for (java.util.Map<String, String> row : rows.readAll()) {
            if (kind.equals("grn")) {
                // input proteins hold the observations; the other concentrations sum to 1
                for (String obs : org.neuromod.kernels.modulation.Observations.NAMES) {
                    assertEquals(Float.parseFloat(row.get(obs)), Float.parseFloat(row.get("c." + obs)), 0f, obs);
                }
                double sum = 0;
                for (var e : row.entrySet()) {
                    boolean input = e.getKey().startsWith("c.") && org.neuromod.kernels.modulation.Observations.NAMES
                            .contains(e.getKey().substring(2));
                    if (e.getKey().startsWith("c.") && !input && !e.getValue().isEmpty()) {
                        sum += Double.parseDouble(e.getValue());
                    }
                }
                assertEquals(1.0, sum, 1e-5, "non-input concentrations at step " + row.get("step"));
                assertTrue(row.containsKey("c.learningRateNorm") && row.containsKey("c.regulatory0"), row.keySet().toString());
            } else {
                // the previous outputs a CGP program reads back are this step's outputs, before mapping
                for (var param : rule.params()) {
                    float u = Float.parseFloat(row.get("previous." + param.name()));
                    assertEquals(Float.parseFloat(row.get(param.name())), param.map(u), 1e-6f * Math.abs(param.map(u)) + 1e-9f);
                }
            }
            checked++;
        }
        assertEquals(200 / 20 * 2 * 2, checked, "every step of 2 epochs, 2 layers");
        assertEquals(2, run(train("--trace-state")).code(), "--trace-state without --trace");
    }

    @Test
    void aCorruptDataFileIsNamedWithoutAStackTrace(@TempDir Path bad) throws IOException {
        IdxFiles.writeLearnableSet(bad, 100, 50, 2);
        Path labels = bad.resolve("t10k-labels-idx1-ubyte");
        byte[] bytes = Files.readAllBytes(labels);
        bytes[3] = 0x09; // wrong magic number
        Files.write(labels, bytes);
        Cli.Outcome run = run("train", "--data-dir", bad.toString());
        assertEquals(Main.USER_ERROR, run.code());
        assertTrue(run.err().contains("t10k-labels-idx1-ubyte"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void aMissingDataFolderSaysWhatToDo(@TempDir Path empty) {
        Cli.Outcome run = run("train", "--data-dir", empty.resolve("nothing").toString());
        assertEquals(Main.USER_ERROR, run.code());
        assertTrue(run.err().contains("--data-dir"), run.err());
    }

    @Test
    void versionNamesTheBuild() {
        Cli.Outcome run = run("--version");
        assertEquals(0, run.code());
        assertTrue(run.out().startsWith("neuromod "), run.out());
    }
}
