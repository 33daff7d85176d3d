// Settings files and resume decisions, in this JVM: a run's config.yaml repeats the run bit for bit, flags
// override a file, every bad value in a file is its own one-line message (exit 1) before any training, and
// --resume refuses a change that changes results unless --force (recorded in provenance.json), extends a
// finished run to exactly what a longer run gives, and refuses a corrupt checkpoint.
package org.neuromod.evolve.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neuromod.nn.data.LearnableData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvolveConfigTest {
    @RegisterExtension
    static final LearnableData DATA = new LearnableData(600, 100, 3);
    @RegisterExtension
    static final LearnableData OTHER = new LearnableData(600, 100, 4);
    @TempDir
    Path runs;

    private static Cli.Outcome evolve(String... extra) {
        String[] base = {"evolve", "--data-dir", DATA.toString(), "--hidden", "16", "--mu", "2", "--lambda", "3",
                "--validation", "150", "--batch", "30", "--threads", "1", "--seed", "7", "--backend", "jvm", "--json"};
        return Cli.run(Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRunsConfigRepeatsItAndFlagsOverrideIt() throws IOException {
        Path a = runs.resolve("a");
        assertEquals(0, evolve("--generations", "2", "--out", a.toString()).code());
        Path b = runs.resolve("b");
        Cli.Outcome repeat = Cli.run("evolve", "--config", a.resolve("config.yaml").toString(), "--data-dir",
                DATA.toString(), "--out", b.toString());
        assertEquals(0, repeat.code(), repeat.err());
        assertEquals(read(a.resolve("best.json")), read(b.resolve("best.json")));
        assertEquals(read(a.resolve("config.yaml")), read(b.resolve("config.yaml")));
        Path c = runs.resolve("c");
        Cli.Outcome shorter = Cli.run("evolve", "--config", a.resolve("config.yaml").toString(), "--data-dir",
                DATA.toString(), "--out", c.toString(), "--generations", "1", "--json");
        assertEquals(0, shorter.code(), shorter.err());
        assertTrue(read(c.resolve("config.yaml")).contains("generations: 1"), "the flag wins over the file");
        assertTrue(read(c.resolve("config.yaml")).contains("mu: 2"), "the file's other values hold");
        Path partial = runs.resolve("cgp.yaml");
        Files.writeString(partial, "kind: cgp\ngenerations: 1\n");
        Path d = runs.resolve("d");
        Cli.Outcome cgp = evolve("--config", partial.toString(), "--out", d.toString());
        assertEquals(0, cgp.code(), cgp.err());
        assertTrue(read(d.resolve("config.yaml")).contains("strategy: \"one-plus-lambda\""),
                "a file's kind brings its default strategy: " + read(d.resolve("config.yaml")));
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("mu_: 2", "unknown key 'mu_'"),
                Arguments.of("mu: two", "key 'mu' must be an integer, got \"two\""),
                Arguments.of("mu: 2.5", "key 'mu' must be an integer"),
                Arguments.of("seed: 9999999999999999999999", "key 'seed' must be an integer"),
                Arguments.of("maxMinutes: .nan", "Malformed numeric value '.nan' at line 1"),
                Arguments.of("maxMinutes: 1e999", "key 'maxMinutes' must be a finite number"),
                Arguments.of("maxMinutes: -1", "key 'maxMinutes': must be 0 (no limit)"),
                Arguments.of("batch: 0", "key 'batch': must be a positive integer, got 0"),
                Arguments.of("generations: -3", "key 'generations': must be a positive integer"),
                Arguments.of("hidden: [16, -3]", "key 'hidden': widths must be positive"),
                Arguments.of("hidden: 16", "key 'hidden' must be a list of integers"),
                Arguments.of("rule: adamw", "key 'rule'"),
                Arguments.of("kind: lstm", "key 'kind': expected one of " + String.join(", ",
                        org.neuromod.modulators.Genomes.KINDS)),
                Arguments.of("strategy: greedy", "key 'strategy': expected one of"),
                Arguments.of("backend: cuda", "key 'backend': expected one of"),
                Arguments.of("threads: 100000", "key 'threads': this machine has"),
                Arguments.of("data: cifar", "key 'data'"),
                Arguments.of("activation: gelu", "key 'activation'"),
                Arguments.of("steps: -5", "key 'steps': must be 0 (whole epochs) or positive"),
                Arguments.of("limit: -1", "key 'limit'"),
                Arguments.of("device: '0:0'\nbackend: jvm", "key 'device': names a TornadoVM device"),
                Arguments.of("- mu\n- 2", "expected a mapping"),
                Arguments.of("mu: [", "cannot read the settings"),
                Arguments.of("", "expected a mapping"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void eachBadValueInASettingsFileIsItsOwnOneLineMessage(String content, String expected) throws IOException {
        Path file = runs.resolve("bad.yaml");
        Files.writeString(file, content + "\n");
        Path out = runs.resolve("never");
        Cli.Outcome run = Cli.run("evolve", "--config", file.toString(), "--data-dir", DATA.toString(), "--out",
                out.toString());
        assertEquals(Main.USER_ERROR, run.code(), run.err());
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, run.err());
        assertTrue(lines[0].startsWith("neuromod: error: " + file + ": "), lines[0]);
        assertTrue(lines[0].contains(expected), lines[0] + " should contain " + expected);
        assertFalse(Files.exists(out), "nothing was started");
    }

    @Test
    void aMissingSettingsFileOrAnUnwritableRunDirectoryIsRefusedBeforeTraining() {
        Cli.Outcome missing = Cli.run("evolve", "--config", runs.resolve("none.yaml").toString(), "--data-dir",
                DATA.toString());
        assertEquals(Main.USER_ERROR, missing.code());
        assertTrue(missing.err().contains("none.yaml: cannot read the settings"), missing.err());
        Cli.Outcome unwritable = evolve("--generations", "1", "--out", "/proc/neuromod-run");
        assertEquals(Main.USER_ERROR, unwritable.code());
        assertTrue(unwritable.err().contains("cannot create the run directory"), unwritable.err());
        assertFalse(unwritable.err().contains("generation 1/"), "refused before any training");
    }

    @Test
    void resumeRefusesResultChangesUnlessForcedAndExtendsAFinishedRunExactly() throws IOException {
        Path dir = runs.resolve("r");
        assertEquals(0, evolve("--generations", "2", "--out", dir.toString()).code());
        String resume = dir.toString();
        Cli.Outcome changed = Cli.run("evolve", "--resume", resume, "--data-dir", DATA.toString(), "--mu", "3");
        assertEquals(Main.USER_ERROR, changed.code());
        assertTrue(changed.err().contains("--mu 3 differs from the run's 2") && changed.err().contains("--force"),
                changed.err());
        Cli.Outcome otherData = Cli.run("evolve", "--resume", resume, "--data-dir", OTHER.toString(), "--generations",
                "3");
        assertEquals(Main.USER_ERROR, otherData.code());
        assertTrue(otherData.err().contains("data"), otherData.err());
        assertEquals(2, Cli.run("evolve", "--resume", resume, "--out", runs.resolve("x").toString()).code());
        assertEquals(2, evolve("--force", "--out", runs.resolve("y").toString()).code());

        String provenanceBefore = read(dir.resolve("provenance.json"));
        String configBefore = read(dir.resolve("config.yaml"));
        Cli.Outcome finished = Cli.run("evolve", "--resume", resume, "--data-dir", DATA.toString(), "--json");
        assertEquals(0, finished.code(), finished.err());
        assertTrue(finished.err().contains("has finished its 2 generations; nothing to do"), finished.err());
        assertEquals(2, new ObjectMapper().readTree(finished.lastLine()).get("generations").asInt());
        assertEquals(provenanceBefore, read(dir.resolve("provenance.json")), "a finished run's resume writes nothing");
        assertEquals(configBefore, read(dir.resolve("config.yaml")));

        Cli.Outcome extended = Cli.run("evolve", "--resume", resume, "--data-dir", DATA.toString(),
                "--generations", "3", "--threads", "2");
        assertEquals(0, extended.code(), extended.err());
        Path straight = runs.resolve("straight");
        assertEquals(0, evolve("--generations", "3", "--out", straight.toString()).code());
        assertEquals(read(straight.resolve("best.json")), read(dir.resolve("best.json")));
        assertEquals(read(straight.resolve("checkpoint.json")), read(dir.resolve("checkpoint.json")));
        assertEquals(Cli.untimed(straight.resolve("log.jsonl")), Cli.untimed(dir.resolve("log.jsonl")));

        Cli.Outcome forced = Cli.run("evolve", "--resume", resume, "--data-dir", DATA.toString(), "--mu", "3",
                "--generations", "4", "--force");
        assertEquals(0, forced.code(), forced.err());
        JsonNode provenance = new ObjectMapper().readTree(read(dir.resolve("provenance.json")));
        assertEquals(3, provenance.size(), "one entry per start and resume that ran (not the finished one)");
        assertEquals("mu: 2 -> 3", provenance.get(2).get("forced").get(0).asText());
        assertEquals(3, provenance.get(2).get("fromGeneration").asInt());
    }

    @Test
    void maxMinutesStopsAtAGenerationBoundaryAndTheRunContinuesExactly() throws IOException {
        Path dir = runs.resolve("m");
        Cli.Outcome stopped = evolve("--generations", "3", "--max-minutes", "0.000001", "--out", dir.toString());
        assertEquals(0, stopped.code(), stopped.err());
        JsonNode line = new ObjectMapper().readTree(stopped.lastLine());
        assertFalse(line.get("finished").asBoolean());
        assertEquals(1, line.get("generations").asInt(), "the first generation runs, the next would overrun");
        assertTrue(stopped.err().contains("continue with: bin/neuromod evolve --resume " + dir), stopped.err());
        Cli.Outcome rest = Cli.run("evolve", "--resume", dir.toString(), "--data-dir", DATA.toString(),
                "--max-minutes", "0", "--json");
        assertEquals(0, rest.code(), rest.err());
        assertTrue(new ObjectMapper().readTree(rest.lastLine()).get("finished").asBoolean());
        Path straight = runs.resolve("straight3");
        assertEquals(0, evolve("--generations", "3", "--out", straight.toString()).code());
        assertEquals(read(straight.resolve("checkpoint.json")), read(dir.resolve("checkpoint.json")));
    }

    @Test
    void aCorruptCheckpointIsRefused() throws IOException {
        Path dir = runs.resolve("c");
        assertEquals(0, evolve("--generations", "1", "--out", dir.toString()).code());
        Path checkpoint = dir.resolve("checkpoint.json");
        Files.writeString(checkpoint, read(checkpoint).replace("\"nextId\" : 5", "\"nextId\" : 6"));
        Cli.Outcome run = Cli.run("evolve", "--resume", dir.toString(), "--data-dir", DATA.toString());
        assertEquals(Main.USER_ERROR, run.code());
        assertTrue(run.err().contains("checksum does not match"), run.err());
    }
}
