// Every bad flag, value and file of the table bad-cases.tsv (train, evolve, replay, modulator, devices): one
// error line naming what is wrong, exit 1 (user error while running) or 2 (bad flag), never a stack trace.
package org.neuromod.evolve.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neuromod.nn.data.IdxFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadCasesTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void writeFixtures() throws Exception {
        IdxFiles.writeLearnableSet(tmp.resolve("data"), 300, 100, 1);
        Files.createDirectories(tmp.resolve("empty"));
        IdxFiles.writeLearnableSet(tmp.resolve("corrupt"), 300, 100, 1);
        Path images = tmp.resolve("corrupt").resolve("train-images-idx3-ubyte");
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path genome = tmp.resolve("genome.json");
        Cli.Outcome made = Cli.run("modulator", "new", "--kind", "grn", "--rule", "momentum", "--seed", "1",
                "--out", genome.toString());
        assertEquals(0, made.code(), made.err());
        String json = Files.readString(genome);
        Files.writeString(tmp.resolve("newer.json"), json.replaceFirst("\"format\" : [0-9]+", "\"format\" : 9"));
        Files.writeString(tmp.resolve("nan.json"), json.replaceFirst("\"beta\" : [0-9.eE-]+", "\"beta\" : NaN"));
        Files.writeString(tmp.resolve("blank.json"), "");
        Files.writeString(tmp.resolve("plain.txt"), "a file, not a folder\n");
        // a named pipe stands for a device such as /dev/full (never a real device here: as root, a rename over one
        // would replace it)
        assertEquals(0, new ProcessBuilder("mkfifo", tmp.resolve("pipe").toString()).start().waitFor());
        // a finished one-generation run, its best genome, and the files read back from it, made bad one way each
        Path run = tmp.resolve("finished");
        Cli.Outcome evolved = Cli.run("evolve", "--data-dir", tmp.resolve("data").toString(), "--hidden", "8",
                "--generations", "1", "--mu", "2", "--lambda", "2", "--validation", "100", "--batch", "20",
                "--threads", "1", "--backend", "jvm", "--out", run.toString());
        assertEquals(0, evolved.code(), evolved.err());
        String best = Files.readString(run.resolve("best.json"));
        String[][] scored = {{"sw-hidden0", "\"hidden\" : \\[ 8 \\]", "\"hidden\" : [ 0 ]"},
            {"sw-hiddenneg", "\"hidden\" : \\[ 8 \\]", "\"hidden\" : [ -5 ]"},
            {"sw-hiddenhuge", "\"hidden\" : \\[ 8 \\]", "\"hidden\" : [ 1000000000 ]"},
            {"sw-batch0", "\"batch\" : 20", "\"batch\" : 0"},
            {"sw-epochs0", "\"epochs\" : 1", "\"epochs\" : 0"},
            {"sw-stepsneg", "\"steps\" : 0", "\"steps\" : -3"},
            {"sw-every0", "\"modulateEvery\" : 1", "\"modulateEvery\" : 0"},
            {"sw-data", "\"data\" : \"mnist\"", "\"data\" : \"cifar\""},
            {"sw-malformed", "\"hidden\" : \\[ 8 \\]", "\"hidden\" : \"x\""}};
        for (String[] edit : scored) {
            String text = best.replaceFirst(edit[1], edit[2]);
            assertTrue(!text.equals(best), edit[0] + ": the edit applies to " + best);
            Files.writeString(tmp.resolve(edit[0] + ".json"), text);
        }
        Files.writeString(tmp.resolve("trailing.json"), best + "{\"more\": 1}\n");
        for (String[] cfg : new String[][] {{"cfg-hiddenhuge", "hidden: [1000000000]"}, {"cfg-mumax", "mu: 2147483647"},
            {"cfg-validation", "validation: 60000"}, {"cfg-strategy", "strategy: annealing"}}) {
            Files.writeString(tmp.resolve(cfg[0] + ".yaml"), cfg[1] + "\n");
        }
        copy(run, tmp.resolve("run-seed"));
        edit(tmp.resolve("run-seed/config.yaml"), "seed: [0-9]+", "seed: 77");
        copy(run, tmp.resolve("run-hidden"));
        edit(tmp.resolve("run-hidden/config.yaml"), "hidden:\n- 8", "hidden:\n- 9");
        copy(run, tmp.resolve("run-prov"));
        Files.writeString(tmp.resolve("run-prov/provenance.json"), "[ {\"commit\" : ");
        copy(run, tmp.resolve("run-torn"));
        byte[] checkpoint = Files.readAllBytes(tmp.resolve("run-torn/checkpoint.json"));
        checkpoint[checkpoint.length / 2] ^= 1;
        Files.write(tmp.resolve("run-torn/checkpoint.json"), checkpoint);
        // a checkpoint from before checkpoints recorded settings: format 1, resealed
        copy(run, tmp.resolve("run-old"));
        String text = Files.readString(tmp.resolve("run-old/checkpoint.json"));
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode)
                mapper.readTree(text.substring(0, text.lastIndexOf("end sha256 ")));
        root.remove("settings");
        root.put("format", 1);
        String body = mapper.writeValueAsString(root) + "\n";
        Files.writeString(tmp.resolve("run-old/checkpoint.json"), body + "end sha256 " + java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body.getBytes(
                        StandardCharsets.UTF_8))) + "\n");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static void edit(Path file, String regex, String replacement) throws IOException {
        String text = Files.readString(file);
        String edited = text.replaceFirst(regex, replacement);
        assertTrue(!edited.equals(text), file + ": " + regex + " in " + text);
        Files.writeString(file, edited);
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = BadCasesTest.class.getResourceAsStream("/bad-cases.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                cases.add(Arguments.of(Integer.parseInt(columns[0]), columns[1], columns[2]));
            }
        }
        return cases.stream();
    }

    private static String fill(String text) {
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("\\{((?:sw|cfg|run)-[a-z0-9]+)}").matcher(text);
        StringBuilder filled = new StringBuilder();
        while (named.find()) {
            String name = named.group(1);
            named.appendReplacement(filled, java.util.regex.Matcher.quoteReplacement(tmp.resolve(name
                    + (name.startsWith("sw-") ? ".json" : name.startsWith("cfg-") ? ".yaml" : "")).toString()));
        }
        named.appendTail(filled);
        text = filled.toString();
        return text.replace("{data}", tmp.resolve("data").toString())
                .replace("{run}", tmp.resolve("finished").toString())
                .replace("{best}", tmp.resolve("finished").resolve("best.json").toString())
                .replace("{file}", tmp.resolve("plain.txt").toString())
                .replace("{fifo}", tmp.resolve("pipe").toString())
                .replace("{trailing}", tmp.resolve("trailing.json").toString())
                .replace("{empty}", tmp.resolve("empty").toString())
                .replace("{corrupt}", tmp.resolve("corrupt").toString())
                .replace("{genome}", tmp.resolve("genome.json").toString())
                .replace("{newer}", tmp.resolve("newer.json").toString())
                .replace("{nan}", tmp.resolve("nan.json").toString())
                .replace("{blank}", tmp.resolve("blank.json").toString())
                .replace("{missing}", tmp.resolve("missing.json").toString())
                .replace("{tmp}", tmp.toString());
    }

    @Test
    void theTableHoldsAtLeast80Cases() throws IOException {
        assertTrue(cases().count() >= 80, "cases: " + cases().count());
    }

    /** Every file under the fixtures folder, with its size, to show that a refused command left nothing behind. */
    private static java.util.Map<String, Long> files() {
        try (Stream<Path> all = Files.walk(tmp)) {
            java.util.Map<String, Long> map = new java.util.TreeMap<>();
            for (Path p : all.toList()) {
                map.put(tmp.relativize(p).toString(), Files.isDirectory(p) ? -1 : Files.size(p));
            }
            return map;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "[{index}] exit {0}: {2}")
    @MethodSource("cases")
    void eachBadCaseGivesOneLineAndItsExitCode(int exit, String expected, String args) {
        java.util.Map<String, Long> before = files();
        Cli.Outcome run = Cli.run(fill(args).split(" "));
        assertEquals(before, files(), args + ": nothing is written, moved or left behind");
        String all = run.out() + run.err();
        List<String> errors = run.err().lines().filter(l -> l.startsWith("neuromod: ")).toList();
        assertEquals(exit, run.code(), args + ": " + all);
        assertEquals(1, errors.size(), args + ": exactly one error line: " + run.err());
        assertTrue(errors.getFirst().contains(fill(expected)), args + ": names '" + fill(expected) + "': " + errors);
        assertFalse(all.contains("\tat ") || all.contains("Exception"), args + ": no stack trace: " + all);
        assertFalse(all.contains("Usage:"), args + ": one message, not the usage text: " + all);
    }

    @Test
    void runningOutOfMemoryIsOneLineAndExitOne() {
        java.io.StringWriter text = new java.io.StringWriter();
        int code = Main.guard(() -> {
            throw new OutOfMemoryError("Java heap space");
        }, new java.io.PrintWriter(text));
        assertEquals(1, code);
        assertEquals(1, text.toString().lines().count(), text.toString());
        assertTrue(text.toString().contains("ran out of memory (Java heap space)"), text.toString());
    }
}
